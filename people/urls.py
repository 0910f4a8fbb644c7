from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("lead/", views.lead_dashboard, name="lead_dashboard"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("hr/", views.hr_dashboard, name="hr_dashboard"),
    path("hr/people/", views.hr_people, name="hr_people"),
    path("me/settings/", views.profile_settings, name="settings"),
    path("me/settings/tokens/", views.create_api_token, name="api_token_create"),
    path("me/settings/tokens/<int:pk>/revoke/", views.revoke_api_token, name="api_token_revoke"),
    path("language/", views.set_language, name="set_language"),
]
