"""Notifications API routes, included under /api/v1/ by config/urls.py."""

from django.urls import path

from notifications import api

P = "notifications/"

urlpatterns = [
    path(
        f"{P}push-subscriptions/",
        api.PushSubscriptionCreateApi.as_view(),
        name="notifications-push-subscribe",
    ),
    path(
        f"{P}push-subscriptions/unsubscribe/",
        api.PushSubscriptionDeleteApi.as_view(),
        name="notifications-push-unsubscribe",
    ),
]
