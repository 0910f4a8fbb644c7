from django.urls import path

from notifications import views
from notifications.views import (
    announcements,
    digests,
    preferences,
    slack,
    teams,
    unsubscribe,
    webhooks,
)

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", preferences.preferences, name="preferences"),
    path("defaults/", preferences.company_defaults, name="company_defaults"),
    path("deliveries/", preferences.delivery_health, name="delivery_health"),
    path(
        "deliveries/<int:pk>/retry/",
        preferences.retry_failed_delivery,
        name="failed_delivery_retry",
    ),
    path("unsubscribe/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
    path("digests/", digests.digest_list, name="digests"),
    path("digests/<int:pk>/", digests.digest_detail, name="digest"),
    path("announcements/", announcements.announcements, name="announcements"),
    path("webhooks/", webhooks.webhooks, name="webhooks"),
    path("webhooks/<int:pk>/", webhooks.webhook_deliveries, name="webhook_deliveries"),
    path("webhooks/<int:pk>/deactivate/", webhooks.deactivate_webhook, name="webhook_deactivate"),
    path("webhooks/deliveries/<int:pk>/retry/", webhooks.retry_delivery, name="delivery_retry"),
    path("teams/", teams.teams_channels, name="teams_channels"),
    path("teams/<int:pk>/", teams.teams_channel_deliveries, name="teams_channel_deliveries"),
    path(
        "teams/<int:pk>/deactivate/",
        teams.deactivate_teams_channel,
        name="teams_channel_deactivate",
    ),
    path("slack/", slack.workspaces, name="slack"),
    path("slack/events/", slack.events, name="slack_events"),
    path("slack/install/", slack.install, name="slack_install"),
    path("slack/oauth/", slack.oauth_redirect, name="slack_oauth"),
    path("slack/<int:pk>/channel/", slack.set_channel, name="slack_channel"),
    path("slack/<int:pk>/uninstall/", slack.uninstall, name="slack_uninstall"),
]
