from django.urls import include, path

from careers import views

app_name = "careers"

# Services reverse "my_plan", "person_plan" and "enrollment" for the links in their
# notifications: keep those names. HR's pages live in careers/hr_urls.py.
urlpatterns = [
    path("", views.my_plan, name="my_plan"),
    path("private-notes/", views.private_notes, name="private_notes"),
    path("goals/<int:goal_pk>/", views.update_goal, name="update_goal"),
    path("promotions/<int:promotion_pk>/withdraw/", views.withdraw_promotion, name="withdraw"),
    path("learning/", views.my_learning, name="my_learning"),
    path("learning/<int:pk>/", views.enrollment, name="enrollment"),
    path(
        "learning/<int:pk>/modules/<int:module_pk>/",
        views.complete_module,
        name="complete_module",
    ),
    path("catalog/", views.catalog, name="catalog"),
    path("paths/<int:pk>/", views.path_detail, name="path_detail"),
    path("paths/<int:pk>/enroll/", views.enroll, name="enroll"),
    path("people/<int:pk>/", views.person_plan, name="person_plan"),
    path("people/<int:pk>/target/", views.set_target, name="set_target"),
    path("people/<int:pk>/goals/", views.add_goal, name="add_goal"),
    path("people/<int:pk>/coaching-notes/", views.add_coaching_note, name="add_coaching_note"),
    path("people/<int:pk>/assign/", views.assign_path, name="assign_path"),
    path("people/<int:pk>/endorse/", views.endorse, name="endorse"),
    path("team/", views.my_team_plans, name="my_team_plans"),
    path("teams/<int:pk>/", views.team_plans, name="team_plans"),
    path("hr/", include("careers.hr_urls")),
]
