from django.urls import include, path

from careers import views

app_name = "careers"

# Services reverse "my_plan", "person_plan" and "enrollment" for the links in their
# notifications: keep those names. HR's pages live in careers/hr_urls.py.
urlpatterns = [
    path("", views.my_plan, name="my_plan"),
    path("learning/", views.my_learning, name="my_learning"),
    path("learning/<int:pk>/", views.enrollment, name="enrollment"),
    path("catalog/", views.catalog, name="catalog"),
    path("people/<int:pk>/", views.person_plan, name="person_plan"),
    path("hr/", include("careers.hr_urls")),
]
