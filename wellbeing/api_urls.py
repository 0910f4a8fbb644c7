"""Wellbeing API routes, included under /api/v1/ by config/urls.py."""

from django.urls import path

from wellbeing import api

P = "wellbeing/"

urlpatterns = [
    path(
        f"{P}check-ins/",
        api.CheckInListApi.as_view(),
        name="wellbeing-check-in-list",
    ),
    path(
        f"{P}check-ins/today/",
        api.CheckInTodayApi.as_view(),
        name="wellbeing-check-in-today",
    ),
    path(
        f"{P}check-ins/<int:pk>/",
        api.CheckInDetailApi.as_view(),
        name="wellbeing-check-in-detail",
    ),
    path(
        f"{P}check-ins/<int:pk>/sharing/",
        api.CheckInSharingApi.as_view(),
        name="wellbeing-check-in-sharing",
    ),
    path(
        f"{P}teams/<int:pk>/trends/",
        api.TeamTrendsApi.as_view(),
        name="wellbeing-team-trends",
    ),
    path(
        f"{P}company/trends/",
        api.CompanyTrendsApi.as_view(),
        name="wellbeing-company-trends",
    ),
    path(f"{P}streak/", api.StreakApi.as_view(), name="wellbeing-streak"),
    path(f"{P}my-data/", api.MyDataApi.as_view(), name="wellbeing-my-data"),
    path(
        f"{P}chat-requests/",
        api.ChatRequestApi.as_view(),
        name="wellbeing-chat-request",
    ),
]
