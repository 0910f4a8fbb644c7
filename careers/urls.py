from django.urls import include, path

from careers.views import catalog, endorsements, goals, learning, plans, teams

app_name = "careers"

# Services reverse "my_plan", "person_plan" and "enrollment" for the links in their
# notifications: keep those names. HR's pages live in careers/hr_urls.py.
urlpatterns = [
    path("", plans.my_plan, name="my_plan"),
    path("private-notes/", plans.private_notes, name="private_notes"),
    path("goals/<int:goal_pk>/", goals.update_goal, name="update_goal"),
    path(
        "promotions/<int:promotion_pk>/withdraw/",
        endorsements.withdraw_promotion,
        name="withdraw",
    ),
    path("learning/", learning.my_learning, name="my_learning"),
    path("learning/<int:pk>/", learning.enrollment, name="enrollment"),
    path(
        "learning/<int:pk>/modules/<int:module_pk>/",
        learning.complete_module,
        name="complete_module",
    ),
    path("catalog/", catalog.catalog, name="catalog"),
    path("paths/<int:pk>/", catalog.path_detail, name="path_detail"),
    path("paths/<int:pk>/enroll/", catalog.enroll, name="enroll"),
    path("people/<int:pk>/", plans.person_plan, name="person_plan"),
    path("people/<int:pk>/target/", plans.set_target, name="set_target"),
    path("people/<int:pk>/goals/", goals.add_goal, name="add_goal"),
    path("people/<int:pk>/coaching-notes/", plans.add_coaching_note, name="add_coaching_note"),
    path("people/<int:pk>/assign/", plans.assign_path, name="assign_path"),
    path("people/<int:pk>/endorse/", endorsements.endorse, name="endorse"),
    path("team/", teams.my_team_plans, name="my_team_plans"),
    path("teams/<int:pk>/", teams.team_plans, name="team_plans"),
    path("hr/", include("careers.hr_urls")),
]
