"""E-mail: the notification in Cuida's e-mail layout, in the person's language."""

from __future__ import annotations

from collections.abc import Collection
from functools import cache

from django.contrib.auth import get_user_model
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from notifications.channels.base import Channel, Outgoing, RetryLater
from notifications.emails import send_email
from notifications.kinds import EMAIL

DEFAULT_TEMPLATE_PREFIX = "notifications/email/notification"


@cache
def template_prefix(kind: str) -> str:
    """A kind's own e-mail when it has one (``notifications/email/<kind>_subject.txt``,
    ``_message.txt`` and ``_message.html``: the digest carries the whole digest), else
    the one every notification uses."""
    prefix = f"notifications/email/{kind}"
    try:
        get_template(f"{prefix}_message.html")
    except TemplateDoesNotExist:
        return DEFAULT_TEMPLATE_PREFIX
    return prefix


class EmailChannel(Channel):
    name = EMAIL

    def reachable(self, user_ids: Collection[int]) -> set[int]:
        people = get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="")
        return set(people.values_list("pk", flat=True))

    def send(self, outgoing: Outgoing) -> None:
        try:
            send_email(
                user=outgoing.user,
                template_prefix=template_prefix(outgoing.kind.name),
                context={
                    "title": outgoing.title,
                    "text": outgoing.text,
                    "url": outgoing.url,
                    "count": outgoing.count,
                    "notification": outgoing.notification,
                },
            )
        except OSError as exc:  # smtplib's errors are OSErrors: the server may come back
            raise RetryLater(f"{type(exc).__name__}: {exc}") from exc
