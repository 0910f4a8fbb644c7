from django.urls import path

from performance import csv_views, event_type_views, rule_views, views

app_name = "performance"

# ``services.processing`` reverses "inbox" for the links in its notifications: keep it.
urlpatterns = [
    path("feedback/", views.inbox, name="inbox"),
    path("feedback/mark-read/", views.mark_read, name="mark_read"),
    path("feedback/<int:pk>/share/", views.share_compliment, name="share_compliment"),
    path("teams/<int:team_pk>/feedback/", views.team_feedback, name="team_feedback"),
    path("hr/integrations/", views.integrations, name="integrations"),
    path("hr/integrations/<int:pk>/keys/", views.create_api_key, name="api_key_create"),
    path(
        "hr/integrations/<int:pk>/mappings/",
        views.create_agent_mapping,
        name="agent_mapping_create",
    ),
    path("hr/keys/<int:pk>/revoke/", views.revoke_api_key, name="api_key_revoke"),
    path("hr/status/", views.status, name="status"),
    path("hr/status/retry/", views.retry_failed, name="retry_failed"),
    path("hr/status/exclude/", views.exclude_events, name="exclude_events"),
    path("hr/rules/", rule_views.rules, name="rules"),
    path("hr/rules/new/", rule_views.rule_create, name="rule_create"),
    path("hr/rules/<int:pk>/", rule_views.rule_edit, name="rule_edit"),
    path("hr/rules/<int:pk>/preview/", rule_views.rule_preview, name="rule_preview"),
    path("hr/event-types/", event_type_views.event_types, name="event_types"),
    path("hr/event-types/<int:pk>/", event_type_views.event_type, name="event_type"),
    path("hr/event-types/<int:pk>/metrics/", event_type_views.metric_add, name="metric_add"),
    path("hr/metrics/<int:pk>/", event_type_views.metric_update, name="metric_update"),
    path("hr/metrics/<int:pk>/remove/", event_type_views.metric_remove, name="metric_remove"),
    path("hr/import/", csv_views.csv_import, name="csv_import"),
    path("hr/import/errors/", csv_views.csv_import_errors, name="csv_import_errors"),
]

# "What Cuida uses about me". Imported here, not above, so that this block merges cleanly
# with other branches that add URLs.
from performance import transparency_views  # noqa: E402

urlpatterns += [
    path("about-me/", transparency_views.about_me, name="about_me"),
    path("about-me/team-goals/", transparency_views.team_comparison, name="team_comparison"),
    path("people/<int:pk>/about/", transparency_views.person_about, name="person_about"),
]
