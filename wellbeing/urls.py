from django.urls import path

from wellbeing import views

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
]
