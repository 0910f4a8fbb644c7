"""One message to many people at once: ``notify_many`` (what ``notify`` does, in bulk) and
HR's company announcements, which reach every active person in Cuida and on the channels
each chose for the "announcement" kind (e-mail by default)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from core.counters import UNREAD_NOTIFICATIONS, counter_changed
from core.exceptions import DomainError
from core.services import record_audit_event
from notifications.kinds import kind_of
from notifications.messages import MESSAGES, render_in
from notifications.models import Notification
from notifications.services.deliveries import queue_deliveries
from people.permissions import require_hr

if TYPE_CHECKING:
    from people.models import User

__all__ = ["ANNOUNCEMENT_MAX_LENGTH", "notify_many", "send_company_announcement"]

ANNOUNCEMENT_KIND = "announcement"
ANNOUNCEMENT_KEY = "notifications.announcement"
# The inbox keeps a message's text in 300 characters (``Notification.message``).
ANNOUNCEMENT_MAX_LENGTH = 300
LINK_MAX_LENGTH = 300
BATCH = 1000


def notify_many(
    *,
    users: Sequence[User],
    kind: str,
    message_key: str,
    params: Mapping[str, Any],
    url: str = "",
) -> int:
    """``notify`` for many people in a few queries: one inbox message each (a person listed
    twice gets one), their deliveries, their unread counters. Runs in the caller's
    transaction when there is one; sending starts after commit. Returns the people told."""
    category = kind_of(kind)
    if message_key not in MESSAGES:
        raise ValueError(f"Unknown message key {message_key!r}.")
    people = list({user.pk: user for user in users}.values())
    if not people:
        return 0
    params = dict(params)
    # The stored text in each recipient's language: rendered once per language, not per person.
    texts: dict[str | None, str] = {}
    rows = []
    for user in people:
        language = user.preferred_language or None
        if language not in texts:
            texts[language] = render_in(language, message_key, params)[:300]
        rows.append(
            Notification(
                user=user,
                kind=kind,
                message=texts[language],
                message_key=message_key,
                params=params,
                url=url,
            )
        )
    with transaction.atomic():
        notifications = Notification.objects.bulk_create(rows, batch_size=BATCH)
        queue_deliveries(notifications=notifications, kind=category)
        counter_changed(UNREAD_NOTIFICATIONS, user_ids=[user.pk for user in people])
    return len(notifications)


@transaction.atomic
def send_company_announcement(
    *, actor: User, message_en: str, message_es: str, url: str = ""
) -> int:
    """HR tells every active person something, in English and in Spanish (each reads it in
    their language); returns how many people it reached."""
    require_hr(actor)
    message_en, message_es, url = _clean(message_en=message_en, message_es=message_es, url=url)
    people = list(get_user_model().objects.filter(is_active=True).only("pk", "preferred_language"))
    reached = notify_many(
        users=people,
        kind=ANNOUNCEMENT_KIND,
        message_key=ANNOUNCEMENT_KEY,
        params={"text": {"en": message_en, "es": message_es}},
        url=url,
    )
    record_audit_event(
        actor=actor,
        verb="announcement.sent",
        target=actor,
        data={"message_en": message_en, "message_es": message_es, "url": url, "people": reached},
    )
    return reached


def _clean(*, message_en: str, message_es: str, url: str) -> tuple[str, str, str]:
    """Both texts, stripped and short enough for the inbox; the link, a page of Cuida."""
    message_en, message_es, url = message_en.strip(), message_es.strip(), url.strip()
    errors: dict[str, list[str]] = {}
    for field, text, missing in (
        ("message_en", message_en, _("Write the announcement in English.")),
        ("message_es", message_es, _("Write the announcement in Spanish.")),
    ):
        if not text:
            errors[field] = [missing]
        elif len(text) > ANNOUNCEMENT_MAX_LENGTH:
            errors[field] = [
                _("Keep it to %(limit)s characters or fewer.") % {"limit": ANNOUNCEMENT_MAX_LENGTH}
            ]
    # A path on this site: e-mails and the inbox put Cuida's own address in front of it.
    if url and (
        not url.startswith("/")
        or url.startswith("//")
        or any(c.isspace() for c in url)
        or len(url) > LINK_MAX_LENGTH
    ):
        errors["url"] = [_("Give a page of Cuida, starting with “/”, such as /recognition/.")]
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    return message_en, message_es, url
