"""Careers API routes, included under /api/v1/ by config/urls.py."""

from django.urls import path

from careers import api

P = "careers/"

urlpatterns = [
    # Tracks, levels and requirements
    path(f"{P}tracks/", api.TrackListCreateApi.as_view(), name="careers-tracks"),
    path(f"{P}tracks/<int:pk>/", api.TrackDetailApi.as_view(), name="careers-track"),
    path(f"{P}tracks/<int:pk>/copy/", api.TrackCopyApi.as_view(), name="careers-track-copy"),
    path(f"{P}tracks/<int:pk>/levels/", api.LevelCreateApi.as_view(), name="careers-levels"),
    path(
        f"{P}tracks/<int:pk>/levels/order/",
        api.LevelOrderApi.as_view(),
        name="careers-levels-order",
    ),
    path(f"{P}levels/<int:pk>/", api.LevelDetailApi.as_view(), name="careers-level"),
    path(
        f"{P}levels/<int:pk>/requirements/",
        api.RequirementCreateApi.as_view(),
        name="careers-requirements",
    ),
    path(
        f"{P}levels/<int:pk>/requirements/order/",
        api.RequirementOrderApi.as_view(),
        name="careers-requirements-order",
    ),
    path(
        f"{P}requirements/<int:pk>/",
        api.RequirementDeleteApi.as_view(),
        name="careers-requirement",
    ),
    # Training paths and modules
    path(f"{P}paths/", api.PathListCreateApi.as_view(), name="careers-paths"),
    path(f"{P}paths/<int:pk>/", api.PathDetailApi.as_view(), name="careers-path"),
    path(f"{P}paths/<int:pk>/modules/", api.ModuleCreateApi.as_view(), name="careers-modules"),
    path(
        f"{P}paths/<int:pk>/modules/order/",
        api.ModuleOrderApi.as_view(),
        name="careers-modules-order",
    ),
    path(f"{P}paths/<int:pk>/enroll/", api.PathEnrollApi.as_view(), name="careers-path-enroll"),
    path(f"{P}modules/<int:pk>/", api.ModuleDetailApi.as_view(), name="careers-module"),
    # Enrollments
    path(f"{P}enrollments/", api.EnrollmentListCreateApi.as_view(), name="careers-enrollments"),
    path(
        f"{P}enrollments/<int:pk>/",
        api.EnrollmentDetailApi.as_view(),
        name="careers-enrollment",
    ),
    path(
        f"{P}enrollments/<int:pk>/modules/<int:module_id>/complete/",
        api.ModuleCompleteApi.as_view(),
        name="careers-module-complete",
    ),
    # Career plans
    path(f"{P}plans/me/", api.MyPlanApi.as_view(), name="careers-my-plan"),
    path(f"{P}plans/<int:user_id>/", api.PlanDetailApi.as_view(), name="careers-plan"),
    path(
        f"{P}plans/<int:user_id>/readiness/",
        api.PlanReadinessApi.as_view(),
        name="careers-plan-readiness",
    ),
    path(
        f"{P}plans/<int:user_id>/goals/",
        api.GoalCreateApi.as_view(),
        name="careers-plan-goals",
    ),
    path(
        f"{P}plans/<int:user_id>/notes/",
        api.CoachingNoteCreateApi.as_view(),
        name="careers-plan-notes",
    ),
    path(
        f"{P}plans/<int:user_id>/history/",
        api.LevelHistoryListApi.as_view(),
        name="careers-plan-history",
    ),
    path(f"{P}goals/<int:pk>/", api.GoalUpdateApi.as_view(), name="careers-goal"),
    path(
        f"{P}teams/<int:team_id>/plans/",
        api.TeamPlanListApi.as_view(),
        name="careers-team-plans",
    ),
    # Promotions
    path(f"{P}promotions/", api.PromotionListCreateApi.as_view(), name="careers-promotions"),
    path(
        f"{P}promotions/<int:pk>/approve/",
        api.PromotionApproveApi.as_view(),
        name="careers-promotion-approve",
    ),
    path(
        f"{P}promotions/<int:pk>/decline/",
        api.PromotionDeclineApi.as_view(),
        name="careers-promotion-decline",
    ),
    path(
        f"{P}promotions/<int:pk>/withdraw/",
        api.PromotionWithdrawApi.as_view(),
        name="careers-promotion-withdraw",
    ),
    # Company readiness
    path(f"{P}readiness/", api.CompanyReadinessApi.as_view(), name="careers-readiness"),
]
