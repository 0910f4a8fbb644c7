"""Notifications API (session auth from the pages' scripts)."""

from notifications.api.push import PushSubscriptionCreateApi, PushSubscriptionDeleteApi

__all__ = ["PushSubscriptionCreateApi", "PushSubscriptionDeleteApi"]
