"""HR's writes on agent mappings: how an integration names a person in its own data."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, DomainError
from core.services import record_audit_event
from people.models import User
from people.permissions import require_hr, require_not_self
from performance.models import AgentMapping, Integration

EXTERNAL_ID_MAX_LENGTH = AgentMapping._meta.get_field("external_agent_id").max_length


def create_agent_mapping(
    *, actor: User | None, integration: Integration, external_agent_id: str, user: User
) -> AgentMapping:
    """Map ``external_agent_id`` (the tool's own agent id) to ``user``, once per integration.
    HR does; ``actor=None`` is the system (a setup script), as for ``services.keys``.

    Ingestion (``services.ingestion``) resolves ``agent_external_id`` through these rows, so
    mapping an id to oneself would route that id's events, and their points, to oneself.
    """
    if actor is not None:
        require_hr(actor)
    require_not_self(
        actor=actor,
        person=user,
        message=_("Nobody maps an agent id to themselves: another person in HR does."),
    )
    external_agent_id = external_agent_id.strip()
    if not external_agent_id:
        raise DomainError(
            _("Give the agent id the tool uses."), errors={"external_agent_id": [_("Required.")]}
        )
    if EXTERNAL_ID_MAX_LENGTH is not None and len(external_agent_id) > EXTERNAL_ID_MAX_LENGTH:
        raise DomainError(
            _("The agent id is too long."),
            errors={
                "external_agent_id": [
                    _("At most %(count)s characters.") % {"count": EXTERNAL_ID_MAX_LENGTH}
                ]
            },
        )
    if not user.is_active:
        raise DomainError(
            _("This person's account is deactivated."), errors={"user": [_("Not active.")]}
        )
    taken = _("This id is already mapped for %(integration)s.") % {"integration": integration}
    if AgentMapping.objects.filter(
        integration=integration, external_agent_id=external_agent_id
    ).exists():
        raise ConflictError(taken, errors={"external_agent_id": [taken]})
    try:
        with transaction.atomic():
            mapping = AgentMapping.objects.create(
                integration=integration, external_agent_id=external_agent_id, user=user
            )
            record_audit_event(
                actor=actor,
                verb="agent_mapping.created",
                target=mapping,
                data={"integration": integration.pk, "user": user.pk},
            )
    except IntegrityError as exc:
        # Someone mapped the same id a moment ago (the ``one_mapping_per_external_id`` rule).
        raise ConflictError(taken, errors={"external_agent_id": [taken]}) from exc
    return mapping
