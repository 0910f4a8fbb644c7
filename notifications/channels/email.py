"""E-mail: the notification in Cuida's e-mail layout, in the person's language. Mail about
something the person did not ask for carries a one-click unsubscribe (RFC 8058); nothing
goes to an address the provider reported as bouncing or complaining."""

from __future__ import annotations

from collections.abc import Collection
from functools import cache

from anymail.exceptions import AnymailAPIError, AnymailInvalidAddress, AnymailRecipientsRefused
from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext_noop

from core.addresses import public_url
from notifications import routing, selectors
from notifications.channels.base import Channel, Outgoing, RetryLater, Undeliverable
from notifications.emails import send_email
from notifications.kinds import EMAIL, NotificationKind
from notifications.models import EmailSuppression
from notifications.unsubscribe import unsubscribe_url


def offers_unsubscribe(kind: NotificationKind) -> bool:
    """Mail the person did not cause, and that HR has not locked on: a link that could only
    answer "you can't" is no unsubscribe link."""
    return not kind.transactional and not routing.is_locked(kind, EMAIL)


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
        people = (
            get_user_model()
            .objects.filter(pk__in=user_ids, is_active=True)
            .exclude(email="")
            .alias(address=Lower("email"))
            .exclude(address__in=EmailSuppression.objects.values("address"))
        )
        return set(people.values_list("pk", flat=True))

    def send(self, outgoing: Outgoing) -> None:
        user = outgoing.user
        if not user.email:
            raise Undeliverable(gettext_noop("The person has no e-mail address."))
        # Suppressed after the delivery was queued: the provider would refuse it anyway,
        # and each refusal costs the sender's reputation.
        if selectors.is_suppressed(address=user.email):
            raise Undeliverable(
                gettext_noop("The address bounced or complained; e-mail to it is stopped.")
            )
        context = {
            "title": outgoing.title,
            "text": outgoing.text,
            "url": outgoing.url,
            "count": outgoing.count,
            "notification": outgoing.notification,
            "preferences_url": public_url(reverse("notifications:preferences"), request=None),
        }
        headers = {}
        if offers_unsubscribe(outgoing.kind):
            link = unsubscribe_url(user_id=user.pk, kind=outgoing.kind.name)
            context["unsubscribe_url"] = link
            headers = {
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        try:
            send_email(
                user=user,
                template_prefix=template_prefix(outgoing.kind.name),
                context=context,
                headers=headers,
            )
        except (AnymailRecipientsRefused, AnymailInvalidAddress) as exc:
            raise Undeliverable(f"The e-mail provider refused the address: {exc}") from exc
        # smtplib's errors are OSErrors, and so are anymail's HTTP ones: the server may come
        # back; so may the provider's API (Amazon SES raises its own error).
        except (OSError, AnymailAPIError) as exc:
            raise RetryLater(f"{type(exc).__name__}: {exc}") from exc
