"""The promotion workflow: a lead endorses an agent for their plan's target level, HR
approves (the agent's level changes, the history keeps the old one) or declines with a
reason. Decisions are conditional UPDATEs from "endorsed", so deciding twice is a 409."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from careers.models import NOTE_MAX_LENGTH, CareerPlan, Level, LevelHistory, Promotion
from careers.readiness import Readiness, readiness_of
from careers.services.plans import ensure_plan
from core.counters import PENDING_PROMOTIONS, counter_changed
from core.exceptions import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from core.services import record_audit_event
from notifications.messages import bilingual
from notifications.services import notify
from notifications.services.webhooks import announce
from people.models import User
from people.permissions import leads_agent, require_hr, require_leads_agent, require_not_self


def _tell(user: User, message_key: str, *, url: str, **values: Any) -> None:
    """Notify ``user``; the page shows it in the reader's language. Pass levels as
    ``Level`` objects: their name is kept in both languages."""
    params = {k: bilingual(v) if isinstance(v, Level) else str(v) for k, v in values.items()}
    notify(user=user, kind="career", message_key=message_key, params=params, url=url)


@transaction.atomic
def endorse(*, actor: User, agent: User, note: str = "") -> Promotion:
    """The lead endorses ``agent`` for the target level of their plan."""
    require_not_self(
        actor=actor, person=agent, message=_("Nobody endorses themselves: your lead does.")
    )
    if not leads_agent(actor, agent):
        raise PermissionDeniedError(
            _("Only a lead of the agent's team can endorse them."),
            errors={"agent": [_("Not in a team you lead.")]},
        )
    if len(note) > NOTE_MAX_LENGTH:
        raise DomainError(_("The note is too long."), errors={"note": [_("Too long.")]})
    plan = CareerPlan.objects.select_for_update().filter(agent=agent).first()
    if plan is None or plan.target_level_id is None:
        raise DomainError(
            _("Set a target level in the career plan first."),
            errors={"target_level": [_("No target level.")]},
        )
    level = Level.objects.select_related("track").get(pk=plan.target_level_id)
    current = LevelHistory.objects.filter(user=agent, ended_at__isnull=True).first()
    if current is not None and current.level_id == level.pk:
        raise ConflictError(_("%(name)s already holds this level.") % {"name": agent})
    if Promotion.objects.filter(agent=agent, status=Promotion.Status.ENDORSED).exists():
        raise ConflictError(
            _("%(name)s already has an endorsement waiting for HR.") % {"name": agent}
        )
    try:
        with transaction.atomic():
            counter_changed(PENDING_PROMOTIONS)
            promotion = Promotion.objects.create(
                agent=agent,
                from_level=current.level if current else None,
                to_level=level,
                endorsed_by=actor,
                endorsement_note=note.strip(),
                readiness_percent=0,
            )
    except IntegrityError as exc:
        raise ConflictError(
            _("%(name)s already has an endorsement waiting for HR.") % {"name": agent}
        ) from exc
    # Read now that the endorsement exists: it meets the "lead endorsement" requirement.
    readiness, promotion.evidence = _evidence_snapshot(agent=agent, level=level)
    promotion.readiness_percent = readiness.percent
    promotion.save(update_fields=["readiness_percent", "evidence"])
    record_audit_event(
        actor=actor,
        verb="careers.endorsed",
        target=promotion,
        data={"level": level.pk, "readiness": readiness.percent},
    )
    _tell(
        agent,
        "careers.endorsed",
        url=reverse("careers:my_plan"),
        lead=actor,
        level=level,
    )
    return promotion


def _evidence_snapshot(*, agent: User, level: Level) -> tuple[Readiness, list[dict[str, Any]]]:
    """Readiness now, and its facts with the sentences written in every language: HR may
    read the snapshot in another language than the lead's (``Promotion.localized_evidence``)."""
    by_language = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            by_language[code] = readiness_of(agent=agent, level=level)
    readiness = by_language[settings.LANGUAGES[0][0]]
    facts = []
    for n, status in enumerate(readiness.statuses):
        fact = status.as_dict()
        for text in ("summary", "evidence"):
            fact[text] = {code: r.statuses[n].as_dict()[text] for code, r in by_language.items()}
        facts.append(fact)
    return readiness, facts


def _locked_open(*, promotion_id: int) -> Promotion:
    # of=("self",): endorsed_by is nullable (an outer join), which PostgreSQL cannot lock.
    promotion = (
        Promotion.objects.select_for_update(of=("self",))
        .select_related("agent", "to_level__track", "endorsed_by")
        .filter(pk=promotion_id)
        .first()
    )
    if promotion is None:
        raise NotFoundError(_("Promotion not found."))
    return promotion


def _require_decider(actor: User, promotion: Promotion) -> None:
    require_not_self(
        actor=actor, person=promotion.agent_id, message=_("Nobody decides their own promotion.")
    )
    require_hr(actor, _("Only HR decide promotions."))


def _claim(promotion: Promotion, *, status: str, actor: User, reason: str = "") -> Promotion:
    now = timezone.now()
    counter_changed(PENDING_PROMOTIONS)
    claimed = Promotion.objects.filter(pk=promotion.pk, status=Promotion.Status.ENDORSED).update(
        status=status, decided_by=actor, decided_at=now, reason=reason, updated_at=now
    )
    if not claimed:
        raise ConflictError(
            _("This promotion was already decided (%(status)s).")
            % {"status": promotion.get_status_display()}
        )
    promotion.refresh_from_db()
    return promotion


@transaction.atomic
def approve(*, actor: User, promotion_id: int) -> Promotion:
    promotion = _locked_open(promotion_id=promotion_id)
    _require_decider(actor, promotion)
    promotion = _claim(promotion, status=Promotion.Status.APPROVED, actor=actor)
    place_on_level(
        agent=promotion.agent, level=promotion.to_level, actor=actor, promotion=promotion
    )
    next_level = (
        Level.objects.filter(
            track_id=promotion.to_level.track_id, position__gt=promotion.to_level.position
        )
        .order_by("position")
        .first()
    )
    CareerPlan.objects.filter(agent=promotion.agent).update(target_level=next_level)
    record_audit_event(actor=actor, verb="careers.promotion_approved", target=promotion)
    announce(
        kind="promotion.approved",
        data={
            "promotion_id": promotion.pk,
            "agent": {"id": promotion.agent_id, "name": str(promotion.agent)},
            "level": {"id": promotion.to_level_id, "name": bilingual(promotion.to_level)},
            "approved_by": actor.pk,
        },
    )
    _tell(
        promotion.agent,
        "careers.promoted",
        url=reverse("careers:my_plan"),
        level=promotion.to_level,
    )
    if promotion.endorsed_by is not None:
        _tell(
            promotion.endorsed_by,
            "careers.promotion_approved",
            url=reverse("careers:person_plan", args=[promotion.agent_id]),
            name=promotion.agent,
            level=promotion.to_level,
        )
    return promotion


@transaction.atomic
def decline(*, actor: User, promotion_id: int, reason: str) -> Promotion:
    reason = reason.strip()
    promotion = _locked_open(promotion_id=promotion_id)
    _require_decider(actor, promotion)
    if not reason or len(reason) > NOTE_MAX_LENGTH:
        raise DomainError(
            _("Tell the agent and their lead why."), errors={"reason": [_("Required.")]}
        )
    promotion = _claim(promotion, status=Promotion.Status.DECLINED, actor=actor, reason=reason)
    record_audit_event(actor=actor, verb="careers.promotion_declined", target=promotion)
    for person in filter(None, [promotion.agent, promotion.endorsed_by]):
        _tell(
            person,
            "careers.promotion_declined",
            url=reverse("careers:my_plan")
            if person.pk == promotion.agent_id
            else reverse("careers:person_plan", args=[promotion.agent_id]),
            level=promotion.to_level,
            reason=reason[:150],
        )
    return promotion


@transaction.atomic
def withdraw(*, actor: User, promotion_id: int) -> Promotion:
    """The lead takes an endorsement back before HR decide."""
    promotion = _locked_open(promotion_id=promotion_id)
    require_leads_agent(
        actor, promotion.agent, _("Only a lead of the agent's team can withdraw it.")
    )
    promotion = _claim(promotion, status=Promotion.Status.WITHDRAWN, actor=actor)
    record_audit_event(actor=actor, verb="careers.promotion_withdrawn", target=promotion)
    return promotion


def place_on_level(
    *, agent: User, level: Level, actor: User, promotion: Promotion | None = None, note: str = ""
) -> LevelHistory:
    """Close the current level (kept in the history) and open ``level``. Runs inside the
    caller's transaction; the partial unique constraint allows one open row per person."""
    now = timezone.now()
    LevelHistory.objects.select_for_update().filter(user=agent, ended_at__isnull=True).update(
        ended_at=now
    )
    entry = LevelHistory.objects.create(
        user=agent, level=level, started_at=now, promotion=promotion, set_by=actor, note=note
    )
    ensure_plan(agent=agent)
    return entry


@transaction.atomic
def set_level(*, actor: User, agent: User, level: Level, note: str = "") -> LevelHistory:
    """HR place someone on a level directly (joining, a correction), outside the workflow."""
    require_not_self(
        actor=actor,
        person=agent,
        message=_("Nobody sets their own level: another person in HR does it."),
    )
    require_hr(actor, _("Only HR place people on a level."))
    current = LevelHistory.objects.filter(user=agent, ended_at__isnull=True).first()
    if current is not None and current.level_id == level.pk:
        raise ConflictError(_("%(name)s already holds this level.") % {"name": agent})
    entry = place_on_level(agent=agent, level=level, actor=actor, note=note.strip()[:300])
    plan = CareerPlan.objects.get(agent=agent)
    target = plan.target_level
    if (
        target is not None
        and target.track_id == level.track_id
        and target.position <= level.position
    ):
        CareerPlan.objects.filter(pk=plan.pk).update(target_level=None)
    record_audit_event(actor=actor, verb="careers.level_set", target=entry)
    return entry
