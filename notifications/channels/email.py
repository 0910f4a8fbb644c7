"""E-mail: the notification in Cuida's e-mail layout, in the person's language."""

from __future__ import annotations

from collections.abc import Collection

from django.contrib.auth import get_user_model
from django.urls import reverse

from core.addresses import public_url
from notifications.channels.base import Channel, Outgoing, RetryLater
from notifications.emails import send_email
from notifications.kinds import EMAIL


class EmailChannel(Channel):
    name = EMAIL

    def reachable(self, user_ids: Collection[int]) -> set[int]:
        people = get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="")
        return set(people.values_list("pk", flat=True))

    def send(self, outgoing: Outgoing) -> None:
        try:
            send_email(
                user=outgoing.user,
                template_prefix="notifications/email/notification",
                context={
                    "title": outgoing.title,
                    "text": outgoing.text,
                    "url": outgoing.url,
                    "count": outgoing.count,
                    "preferences_url": public_url(
                        reverse("notifications:preferences"), request=None
                    ),
                },
            )
        except OSError as exc:  # smtplib's errors are OSErrors: the server may come back
            raise RetryLater(f"{type(exc).__name__}: {exc}") from exc
