"""Web push (``WEBPUSH_*`` in config/settings.py): the VAPID key pair that signs every push
sent to the browsers' push services, and the contact those services may write to.

Off until both keys are set: nobody is reachable by push (notifications/channels/push.py)
and the "notifications on this device" button is not shown. ``python manage.py
generate_vapid_keys`` prints a pair. Keep the pair for the life of the deployment: browsers
subscribed with the public key, so a new pair silently ends every subscription (each is
dropped at its first push after the change).
"""

from __future__ import annotations

import environ
from django.core.exceptions import ImproperlyConfigured

from notifications.vapid import public_key_of


def vapid_settings(env: environ.Env) -> tuple[str, str, str]:
    """(public key, private key, contact), checked: both keys or neither, a private key
    that matches the public one, and a ``mailto:`` or ``https:`` contact (empty: the
    channel writes to CUIDA_ORGANIZATION_EMAIL)."""
    public = env.str("WEBPUSH_VAPID_PUBLIC_KEY", default="").strip()
    private = env.str("WEBPUSH_VAPID_PRIVATE_KEY", default="").strip()
    contact = env.str("WEBPUSH_CONTACT", default="").strip()
    if bool(public) != bool(private):
        raise ImproperlyConfigured(
            "Set both WEBPUSH_VAPID_PUBLIC_KEY and WEBPUSH_VAPID_PRIVATE_KEY, or neither."
        )
    if private:
        try:
            matches = public_key_of(private) == public.rstrip("=")
        except ValueError as exc:
            raise ImproperlyConfigured(f"WEBPUSH_VAPID_PRIVATE_KEY is not a key: {exc}.") from exc
        if not matches:
            raise ImproperlyConfigured(
                "WEBPUSH_VAPID_PUBLIC_KEY is not the public key of WEBPUSH_VAPID_PRIVATE_KEY "
                "(python manage.py generate_vapid_keys prints a matching pair)."
            )
    if contact and not contact.startswith(("mailto:", "https://")):
        raise ImproperlyConfigured(
            f"WEBPUSH_CONTACT must be a mailto: or https:// address, not {contact!r}."
        )
    return public, private, contact
