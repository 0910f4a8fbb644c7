"""Who may decide about whom in recognition: object rules the services enforce and the
selectors and pages read (``people.permissions`` holds the roles they are made of)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from people.permissions import is_hr, leads_agent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from people.models import User
    from recognition.models import Redemption


def can_award(*, actor: User | AnonymousUser, recipient: User) -> bool:
    """A lead of the recipient's team, or HR — never the recipient themselves. The same
    rule lets them revoke the badge (``services.badges.revoke_award``)."""
    if actor.pk == recipient.pk:
        return False
    return is_hr(actor) or leads_agent(actor, recipient)


def can_decide(*, actor: User | AnonymousUser, redemption: Redemption) -> bool:
    """The requester's team lead, or HR — never the requester themselves."""
    if actor.pk == redemption.user_id:
        return False
    return is_hr(actor) or leads_agent(actor, redemption.user)
