"""The one way Cuida writes to someone's inbox: in Cuida's e-mail layout (templates/email/),
with a plain-text twin, in the language the recipient chose (not the language of whoever
or whatever caused the e-mail). allauth's e-mails follow the same rule through
``people.adapters.AccountAdapter``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from people.time import in_time_zone_of

if TYPE_CHECKING:
    from people.models import User


def language_of(person: User) -> str:
    """The language a person reads Cuida in; Spanish (the default) when they never chose."""
    return person.preferred_language or settings.LANGUAGE_CODE


def render_email(*, template_prefix: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, text, html) from ``<prefix>_subject.txt``, ``_message.txt`` and
    ``_message.html``, in the active language: the naming allauth uses for its e-mails."""
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    text = render_to_string(f"{template_prefix}_message.txt", context).strip()
    html = render_to_string(f"{template_prefix}_message.html", context).strip()
    return subject, text, html


def send_email(
    *,
    user: User,
    template_prefix: str,
    context: dict[str, Any],
    headers: Mapping[str, str] | None = None,
) -> None:
    """Send one e-mail to ``user`` in their language and on their clock (the dates it shows
    are theirs, whatever task sends it), with any extra ``headers`` (List-Unsubscribe);
    raises what the mail backend raises, so a task can retry."""
    with translation.override(language_of(user)), in_time_zone_of(user):
        subject, text, html = render_email(
            template_prefix=template_prefix, context={"user": user, **context}
        )
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[user.email], headers=dict(headers or {})
    )
    message.attach_alternative(html, "text/html")
    message.send()
