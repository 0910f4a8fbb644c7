"""Template helpers of the account pages that allauth renders (templates/mfa/index.html)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from people import selectors

if TYPE_CHECKING:
    from people.models import User

register = template.Library()


@register.simple_tag
def account_security(user: User) -> selectors.AccountSecurity:
    return selectors.account_security(user=user)
