from django.urls import path

from recognition import openbadges_views as views

app_name = "openbadges"

urlpatterns = [
    path("issuer", views.issuer, name="issuer"),
    path("badges/<slug:slug>", views.badge_class, name="badge_class"),
    path("badges/<slug:slug>/image.png", views.badge_image, name="badge_image"),
    path("assertions/<uuid:uid>", views.assertion, name="assertion"),
]
