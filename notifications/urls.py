from django.urls import path

from notifications import views
from notifications.views import announcements, teams, webhooks

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_all_read, name="mark_all_read"),
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
]
