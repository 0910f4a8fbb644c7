from django.urls import path

from wellbeing import hr_views, views

app_name = "wellbeing"

urlpatterns = [
    path("", views.check_in, name="check_in"),
    path("history/", views.history, name="history"),
    path("check-ins/<int:pk>/sharing/", views.set_sharing, name="set_sharing"),
    path("preferences/", views.preferences, name="preferences"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/export.json", views.export_json, name="export_json"),
    path("my-data/export.csv", views.export_csv, name="export_csv"),
    path("chat-request/", views.ask_for_chat, name="ask_for_chat"),
    path("teams/<int:pk>/", views.team_trends, name="team_trends"),
    path("company/", views.company_trends, name="company_trends"),
    path("chat-requests/<int:pk>/resolve/", views.resolve_chat_request, name="resolve_chat"),
    # HR: the check-in tags and care resources agents see
    path("hr/tags/", hr_views.tags, name="hr_tags"),
    path("hr/tags/order/", hr_views.tags_reorder, name="hr_tags_reorder"),
    path("hr/tags/<int:pk>/", hr_views.tag_edit, name="hr_tag"),
    path("hr/tags/<int:pk>/active/", hr_views.tag_active, name="hr_tag_active"),
    path("hr/resources/", hr_views.resources, name="hr_resources"),
    path("hr/resources/order/", hr_views.resources_reorder, name="hr_resources_reorder"),
    path("hr/resources/<int:pk>/", hr_views.resource_edit, name="hr_resource"),
    path("hr/resources/<int:pk>/active/", hr_views.resource_active, name="hr_resource_active"),
]
