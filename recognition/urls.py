from django.urls import include, path

from recognition import views

app_name = "recognition"

# Services reverse "kudos_detail", "my_redemptions", "approvals" and "my_badges" for the
# links in their notifications: keep those names. HR's pages live in recognition/hr_urls.py.
urlpatterns = [
    path("", views.feed, name="feed"),
    path("give/", views.give, name="give"),
    path("give/people/", views.recipient_search, name="recipient_search"),
    path("kudos/<int:pk>/", views.kudos_detail, name="kudos_detail"),
    path("kudos/<int:pk>/react/", views.react, name="react"),
    path("points/", views.my_points, name="my_points"),
    path("points/leaderboard-opt-in/", views.leaderboard_opt_in, name="leaderboard_opt_in"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("badges/", views.my_badges, name="my_badges"),
    path("badges/award/", views.award_badge, name="award_badge"),
    path("badges/<int:award_pk>/baked.png", views.baked_badge, name="baked_badge"),
    path("people/<int:pk>/badges/", views.person_badges, name="person_badges"),
    path("badges/<int:award_pk>/revoke/", views.revoke_badge, name="revoke_badge"),
    path("rewards/", views.catalog, name="catalog"),
    path("rewards/<int:item_pk>/request/", views.request_redemption, name="request_redemption"),
    path("rewards/requests/", views.my_redemptions, name="my_redemptions"),
    path("rewards/requests/<int:pk>/cancel/", views.cancel_redemption, name="cancel_redemption"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<int:pk>/approve/", views.approve_redemption, name="approve_redemption"),
    path("approvals/<int:pk>/reject/", views.reject_redemption, name="reject_redemption"),
    path("approvals/<int:pk>/fulfil/", views.fulfil_redemption, name="fulfil_redemption"),
    path("hr/", include("recognition.hr_urls")),
]
