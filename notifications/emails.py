"""The one way Cuida writes to someone's inbox: in Cuida's e-mail layout (templates/email/),
with a plain-text twin, in the language the recipient chose (not the language of whoever
or whatever caused the e-mail). allauth's e-mails follow the same rule through
``people.adapters.AccountAdapter``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def language_of(person: Any) -> str:
    """The language a person reads Cuida in; Spanish (the default) when they never chose."""
    return getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE


def render_email(*, template_prefix: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, text, html) from ``<prefix>_subject.txt``, ``_message.txt`` and
    ``_message.html``, in the active language: the naming allauth uses for its e-mails."""
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    text = render_to_string(f"{template_prefix}_message.txt", context).strip()
    html = render_to_string(f"{template_prefix}_message.html", context).strip()
    return subject, text, html


def send_email(*, user: Any, template_prefix: str, context: dict[str, Any]) -> None:
    """Send one e-mail to ``user`` in their language; raises what the mail backend raises,
    so a task can retry."""
    with translation.override(language_of(user)):
        subject, text, html = render_email(
            template_prefix=template_prefix, context={"user": user, **context}
        )
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()
