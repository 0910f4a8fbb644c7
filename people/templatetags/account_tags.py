"""Template helpers of the account pages that allauth renders (templates/mfa/index.html)."""

from __future__ import annotations

from typing import Any

from django import template

from people import selectors

register = template.Library()


@register.simple_tag
def account_security(user: Any) -> selectors.AccountSecurity:
    return selectors.account_security(user=user)
