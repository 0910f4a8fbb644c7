"""Recognition API routes, included under /api/v1/ by config/urls.py."""

from django.urls import path

from recognition import api

P = "recognition/"

urlpatterns = [
    path(f"{P}values/", api.ValueListApi.as_view(), name="recognition-values"),
    path(f"{P}kudos/", api.KudosListCreateApi.as_view(), name="recognition-kudos"),
    path(f"{P}kudos/<int:pk>/", api.KudosDetailApi.as_view(), name="recognition-kudos-detail"),
    path(
        f"{P}kudos/<int:pk>/reactions/",
        api.KudosReactionApi.as_view(),
        name="recognition-kudos-reactions",
    ),
    path(f"{P}points/", api.PointsApi.as_view(), name="recognition-points"),
    path(f"{P}points/ledger/", api.LedgerListApi.as_view(), name="recognition-ledger"),
    path(f"{P}badge-classes/", api.BadgeClassListApi.as_view(), name="recognition-badge-classes"),
    path(f"{P}badges/", api.MyBadgeListApi.as_view(), name="recognition-my-badges"),
    path(
        f"{P}people/<int:pk>/badges/",
        api.PersonBadgeListApi.as_view(),
        name="recognition-person-badges",
    ),
    path(f"{P}badge-awards/", api.BadgeAwardCreateApi.as_view(), name="recognition-award"),
    path(
        f"{P}badge-awards/<int:pk>/revoke/",
        api.BadgeAwardRevokeApi.as_view(),
        name="recognition-award-revoke",
    ),
    path(f"{P}rewards/", api.RewardListApi.as_view(), name="recognition-rewards"),
    path(f"{P}redemptions/", api.RedemptionListCreateApi.as_view(), name="recognition-redemptions"),
    path(
        f"{P}redemptions/<int:pk>/approve/",
        api.RedemptionApproveApi.as_view(),
        name="recognition-redemption-approve",
    ),
    path(
        f"{P}redemptions/<int:pk>/reject/",
        api.RedemptionRejectApi.as_view(),
        name="recognition-redemption-reject",
    ),
    path(
        f"{P}redemptions/<int:pk>/fulfil/",
        api.RedemptionFulfilApi.as_view(),
        name="recognition-redemption-fulfil",
    ),
    path(
        f"{P}redemptions/<int:pk>/cancel/",
        api.RedemptionCancelApi.as_view(),
        name="recognition-redemption-cancel",
    ),
    path(f"{P}approvals/", api.ApprovalQueueApi.as_view(), name="recognition-approvals"),
    path(f"{P}leaderboard/", api.LeaderboardApi.as_view(), name="recognition-leaderboard"),
    path(
        f"{P}leaderboard/opt-in/",
        api.LeaderboardOptInApi.as_view(),
        name="recognition-leaderboard-opt-in",
    ),
]
