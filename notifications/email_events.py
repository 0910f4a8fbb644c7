"""What the e-mail provider tells Cuida through anymail's tracking webhook
(``anymail.signals.tracking``, connected in ``NotificationsConfig.ready``): bounces, refusals
and complaints stop e-mail to that address (``services.suppressions``)."""

from __future__ import annotations

from typing import Any

from anymail.signals import AnymailTrackingEvent

from notifications.services.suppressions import record_email_event


def _soft_bounce(esp_event: Any) -> bool:
    """A bounce the provider itself calls temporary (Amazon SES "Transient", Postmark
    "SoftBounce", SendGrid "blocked"): the mailbox may be full today, so nothing is
    suppressed. Mailgun already reports those as "deferred"."""
    if not isinstance(esp_event, dict):
        return False
    bounce = esp_event.get("bounce")
    if isinstance(bounce, dict) and bounce.get("bounceType") == "Transient":
        return True
    if esp_event.get("event") == "bounce" and esp_event.get("type") == "blocked":
        return True
    return esp_event.get("Type") == "SoftBounce"


def on_tracking_event(
    sender: Any, event: AnymailTrackingEvent, esp_name: str, **kwargs: Any
) -> None:
    event_type = event.event_type
    if event_type == "bounced" and _soft_bounce(event.esp_event):
        event_type = "deferred"
    record_email_event(
        event_type=event_type,
        recipient=event.recipient,
        provider=esp_name,
        event_id=event.event_id,
        detail=event.description or event.mta_response or "",
    )
