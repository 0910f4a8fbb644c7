"""``{% push_public_key as key %}``: the VAPID public key browsers subscribe with, or ""
while web push is off (templates/notifications/partials/push_device.html then shows
nothing)."""

from django import template
from django.conf import settings

from notifications.vapid import push_configured

register = template.Library()


@register.simple_tag
def push_public_key() -> str:
    return settings.WEBPUSH_VAPID_PUBLIC_KEY if push_configured() else ""
