"""Careers API routes, included under /api/v1/ by config/urls.py."""

from django.urls import path

from careers.api import enrollments, paths, plans, promotions, tracks

P = "careers/"

urlpatterns = [
    # Tracks, levels and requirements
    path(f"{P}tracks/", tracks.TrackListCreateApi.as_view(), name="careers-tracks"),
    path(f"{P}tracks/<int:pk>/", tracks.TrackDetailApi.as_view(), name="careers-track"),
    path(f"{P}tracks/<int:pk>/copy/", tracks.TrackCopyApi.as_view(), name="careers-track-copy"),
    path(f"{P}tracks/<int:pk>/levels/", tracks.LevelCreateApi.as_view(), name="careers-levels"),
    path(
        f"{P}tracks/<int:pk>/levels/order/",
        tracks.LevelOrderApi.as_view(),
        name="careers-levels-order",
    ),
    path(f"{P}levels/<int:pk>/", tracks.LevelDetailApi.as_view(), name="careers-level"),
    path(
        f"{P}levels/<int:pk>/requirements/",
        tracks.RequirementCreateApi.as_view(),
        name="careers-requirements",
    ),
    path(
        f"{P}levels/<int:pk>/requirements/order/",
        tracks.RequirementOrderApi.as_view(),
        name="careers-requirements-order",
    ),
    path(
        f"{P}requirements/<int:pk>/",
        tracks.RequirementDeleteApi.as_view(),
        name="careers-requirement",
    ),
    # Training paths and modules
    path(f"{P}paths/", paths.PathListCreateApi.as_view(), name="careers-paths"),
    path(f"{P}paths/<int:pk>/", paths.PathDetailApi.as_view(), name="careers-path"),
    path(f"{P}paths/<int:pk>/modules/", paths.ModuleCreateApi.as_view(), name="careers-modules"),
    path(
        f"{P}paths/<int:pk>/modules/order/",
        paths.ModuleOrderApi.as_view(),
        name="careers-modules-order",
    ),
    path(
        f"{P}paths/<int:pk>/enroll/",
        enrollments.PathEnrollApi.as_view(),
        name="careers-path-enroll",
    ),
    path(f"{P}modules/<int:pk>/", paths.ModuleDetailApi.as_view(), name="careers-module"),
    # Enrollments
    path(
        f"{P}enrollments/",
        enrollments.EnrollmentListCreateApi.as_view(),
        name="careers-enrollments",
    ),
    path(
        f"{P}enrollments/<int:pk>/",
        enrollments.EnrollmentDetailApi.as_view(),
        name="careers-enrollment",
    ),
    path(
        f"{P}enrollments/<int:pk>/modules/<int:module_id>/complete/",
        enrollments.ModuleCompleteApi.as_view(),
        name="careers-module-complete",
    ),
    # Career plans
    path(f"{P}plans/me/", plans.MyPlanApi.as_view(), name="careers-my-plan"),
    path(f"{P}plans/<int:user_id>/", plans.PlanDetailApi.as_view(), name="careers-plan"),
    path(
        f"{P}plans/<int:user_id>/readiness/",
        plans.PlanReadinessApi.as_view(),
        name="careers-plan-readiness",
    ),
    path(
        f"{P}plans/<int:user_id>/goals/",
        plans.GoalCreateApi.as_view(),
        name="careers-plan-goals",
    ),
    path(
        f"{P}plans/<int:user_id>/notes/",
        plans.CoachingNoteCreateApi.as_view(),
        name="careers-plan-notes",
    ),
    path(
        f"{P}plans/<int:user_id>/history/",
        plans.LevelHistoryListApi.as_view(),
        name="careers-plan-history",
    ),
    path(f"{P}goals/<int:pk>/", plans.GoalUpdateApi.as_view(), name="careers-goal"),
    path(
        f"{P}teams/<int:team_id>/plans/",
        plans.TeamPlanListApi.as_view(),
        name="careers-team-plans",
    ),
    # Promotions
    path(f"{P}promotions/", promotions.PromotionListCreateApi.as_view(), name="careers-promotions"),
    path(
        f"{P}promotions/<int:pk>/approve/",
        promotions.PromotionApproveApi.as_view(),
        name="careers-promotion-approve",
    ),
    path(
        f"{P}promotions/<int:pk>/decline/",
        promotions.PromotionDeclineApi.as_view(),
        name="careers-promotion-decline",
    ),
    path(
        f"{P}promotions/<int:pk>/withdraw/",
        promotions.PromotionWithdrawApi.as_view(),
        name="careers-promotion-withdraw",
    ),
    # Company readiness
    path(f"{P}readiness/", promotions.CompanyReadinessApi.as_view(), name="careers-readiness"),
    path(
        f"{P}readiness/people/",
        promotions.CompanyReadinessPeopleApi.as_view(),
        name="careers-readiness-people",
    ),
]
