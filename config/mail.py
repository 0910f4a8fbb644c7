"""How Cuida sends e-mail (the e-mail settings of config/settings.py).

By default the console (development) or the SMTP server of ``EMAIL_URL``; with
``ANYMAIL_PROVIDER`` set, an e-mail service provider through django-anymail, whose tracking
webhook (``/anymail/<provider>/tracking/``, config/urls.py) reports bounces and complaints:
``notifications.services.suppressions`` stops e-mailing those addresses. Each provider reads
its own variables and fails at start-up when one it needs is missing.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLResolver, include, path

# Provider → (variables it needs, variables it may use): each is passed to anymail as the
# setting of the same name (anymail.readthedocs.io, "ESP-specific settings").
PROVIDERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "postmark": (("POSTMARK_SERVER_TOKEN",), ()),
    "mailgun": (
        ("MAILGUN_API_KEY", "MAILGUN_WEBHOOK_SIGNING_KEY"),
        ("MAILGUN_SENDER_DOMAIN", "MAILGUN_API_URL"),
    ),
    "sendgrid": (("SENDGRID_API_KEY",), ()),
    # Credentials come the usual AWS ways (AWS_* variables, an instance role) through boto3.
    "amazon_ses": ((), ("AMAZON_SES_CONFIGURATION_SET_NAME",)),
}


def email_provider(env: environ.Env) -> str:
    """The anymail provider e-mail goes through, or "" for the console or SMTP."""
    provider = env.str("ANYMAIL_PROVIDER", default="").strip().lower()
    if provider and provider not in PROVIDERS:
        raise ImproperlyConfigured(
            f"ANYMAIL_PROVIDER must be one of {', '.join(sorted(PROVIDERS))}, not {provider!r}."
        )
    if provider == "amazon_ses" and importlib.util.find_spec("boto3") is None:
        raise ImproperlyConfigured("ANYMAIL_PROVIDER=amazon_ses needs boto3: pip install boto3.")
    return provider


def mail_settings(env: environ.Env, *, provider: str) -> dict[str, Any]:
    """EMAIL_* (the backend and, for SMTP, its server), ANYMAIL, who mail comes from, and
    who hears of server errors (ADMINS)."""
    values: dict[str, Any] = dict(env.email_url("EMAIL_URL", default="consolemail://"))
    if provider:
        needed, optional = PROVIDERS[provider]
        anymail: dict[str, Any] = {name: env.str(name) for name in needed}
        anymail.update({name: env.str(name) for name in optional if env.str(name, default="")})
        # Basic auth on the tracking webhook: every provider can send it, so none of them
        # can be impersonated by someone who merely knows the URL.
        anymail["WEBHOOK_SECRET"] = env.str("ANYMAIL_WEBHOOK_SECRET")
        values["ANYMAIL"] = anymail
        values["EMAIL_BACKEND"] = f"anymail.backends.{provider}.EmailBackend"
    from_email = env.str("DEFAULT_FROM_EMAIL", default="Cuida <cuida@localhost>")
    values["DEFAULT_FROM_EMAIL"] = from_email
    values["SERVER_EMAIL"] = from_email
    # Who is e-mailed the traceback of a server error (Django's AdminEmailHandler, active
    # with DEBUG off). The 500 page says "we have been told" only when someone is
    # (templates/500.html).
    values["ADMINS"] = [(address, address) for address in env.list("ADMINS", default=[])]
    return values


def webhook_urls(provider: str) -> list[URLResolver]:
    """anymail's webhooks under /anymail/ (config/urls.py) when a provider is configured:
    its tracking webhook is ``/anymail/<provider>/tracking/``. None for the console or SMTP,
    which report nothing."""
    if not provider:
        return []
    return [path("anymail/", include("anymail.urls"))]
