"""Career plans: the target level, goals, the lead's coaching notes and the agent's own
private notes. The agent and their team's leads shape a plan; HR read it; the private
notes are the agent's alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from careers.models import (
    GOAL_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    CareerPlan,
    CoachingNote,
    Goal,
    Level,
    LevelHistory,
)
from careers.selectors.plans import can_view_plan
from core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from core.services import record_audit_event
from notifications.services import notify
from people.models import User
from people.permissions import leads_agent, require_leads_agent, require_not_self
from people.time import local_today


def ensure_plan(*, agent: User) -> CareerPlan:
    try:
        with transaction.atomic():
            plan, _created = CareerPlan.objects.get_or_create(agent=agent)
    except IntegrityError:
        plan = CareerPlan.objects.get(agent=agent)
    return plan


def can_shape_plan(*, actor: User | AnonymousUser, agent: User) -> bool:
    """The agent and the leads of their team set targets and goals."""
    return actor.is_authenticated and (actor.pk == agent.pk or leads_agent(actor, agent))


def _require_shaper(actor: User, agent: User) -> None:
    """404 for whoever may not see the plan; HR read it but leave the shaping to the agent
    and their lead."""
    if not can_view_plan(viewer=actor, agent=agent):
        raise NotFoundError(_("Person not found."))
    if not can_shape_plan(actor=actor, agent=agent):
        raise PermissionDeniedError(_("Plans are shaped by the agent and their team lead."))


def _check_target(agent: User, level: Level) -> None:
    if not level.track.active:
        raise DomainError(
            _("This track is archived."), errors={"target_level": [_("Archived track.")]}
        )
    current = (
        LevelHistory.objects.filter(user=agent, ended_at__isnull=True)
        .select_related("level")
        .first()
    )
    if (
        current is not None
        and current.level.track_id == level.track_id
        and level.position <= current.level.position
    ):
        raise DomainError(
            _("Choose a level above the current one (%(level)s).") % {"level": current.level.name},
            errors={"target_level": [_("Not above the current level.")]},
        )


@transaction.atomic
def set_target_level(*, actor: User, agent: User, level_id: Any) -> CareerPlan:
    """Aim the plan at a level (``None`` clears the target)."""
    _require_shaper(actor, agent)
    level = None
    if level_id not in (None, ""):
        try:
            level = Level.objects.select_related("track").get(pk=int(level_id))
        except (Level.DoesNotExist, TypeError, ValueError):
            raise DomainError(
                _("This level does not exist."), errors={"target_level": [_("Unknown level.")]}
            ) from None
        _check_target(agent, level)
    plan = ensure_plan(agent=agent)
    plan = CareerPlan.objects.select_for_update().get(pk=plan.pk)
    plan.target_level = level
    plan.save(update_fields=["target_level", "updated_at"])
    record_audit_event(
        actor=actor,
        verb="careers.target_set",
        target=plan,
        data={"level": level.pk if level else None},
    )
    return plan


@transaction.atomic
def set_private_notes(*, user: User, text: str) -> CareerPlan:
    if len(text) > NOTE_MAX_LENGTH:
        raise DomainError(
            _("Keep your notes under %(n)s characters.") % {"n": NOTE_MAX_LENGTH},
            errors={"private_notes": [_("Too long.")]},
        )
    plan = ensure_plan(agent=user)
    CareerPlan.objects.filter(pk=plan.pk).update(private_notes=text, updated_at=timezone.now())
    plan.private_notes = text
    return plan


def _clean_goal(text: str, due_on: dt.date | None, *, today: dt.date) -> str:
    text = text.strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Describe the goal.")]
    elif len(text) > GOAL_MAX_LENGTH:
        errors["text"] = [_("Keep it under %(n)s characters.") % {"n": GOAL_MAX_LENGTH}]
    if due_on is not None and due_on < today:
        errors["due_on"] = [_("The due date is in the past.")]
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    return text


@transaction.atomic
def add_goal(
    *,
    actor: User,
    agent: User,
    text: str,
    due_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Goal:
    _require_shaper(actor, agent)
    # A goal's due date is on the agent's calendar, wherever whoever sets it is.
    text = _clean_goal(text, due_on, today=today or local_today(user=agent))
    goal = Goal.objects.create(
        plan=ensure_plan(agent=agent), text=text, due_on=due_on, created_by=actor
    )
    record_audit_event(actor=actor, verb="careers.goal_added", target=goal)
    return goal


@transaction.atomic
def update_goal(
    *,
    actor: User,
    goal_id: int,
    text: str | None = None,
    due_on: dt.date | None = None,
    status: str | None = None,
) -> Goal:
    goal = (
        Goal.objects.select_for_update(of=("self",))
        .select_related("plan__agent")
        .filter(pk=goal_id)
        .first()
    )
    if goal is None:
        raise NotFoundError(_("Goal not found."))
    _require_shaper(actor, goal.plan.agent)
    if status is not None and status not in Goal.Status.values:
        raise DomainError(_("Unknown status."), errors={"status": [_("Unknown status.")]})
    # An old due date may stay as it is; only a newly chosen one must be in the future,
    # also when the text is left unchanged.
    new_due = due_on if due_on != goal.due_on else None
    goal.text = _clean_goal(
        goal.text if text is None else text, new_due, today=local_today(user=goal.plan.agent)
    )
    if due_on is not None:
        goal.due_on = due_on
    if status is not None:
        goal.status = status
    goal.save()
    record_audit_event(
        actor=actor, verb="careers.goal_updated", target=goal, data={"status": goal.status}
    )
    return goal


@transaction.atomic
def add_coaching_note(*, actor: User, agent: User, text: str) -> CoachingNote:
    """A lead's check-in note; the agent is told and can read it."""
    require_not_self(
        actor=actor,
        person=agent,
        message=_("Nobody writes coaching notes on their own plan: keep private notes instead."),
    )
    if not can_view_plan(viewer=actor, agent=agent):
        raise NotFoundError(_("Person not found."))
    require_leads_agent(actor, agent, _("Coaching notes are written by the team lead."))
    text = text.strip()
    if not text or len(text) > NOTE_MAX_LENGTH:
        raise DomainError(
            _("Write a note of up to %(n)s characters.") % {"n": NOTE_MAX_LENGTH},
            errors={"text": [_("Empty or too long.")]},
        )
    note = CoachingNote.objects.create(plan=ensure_plan(agent=agent), author=actor, text=text)
    record_audit_event(actor=actor, verb="careers.coaching_note_added", target=note)
    notify(
        user=agent,
        kind="career",
        message_key="careers.coaching_note_added",
        params={"lead": str(actor)},
        url=reverse("careers:my_plan"),
    )
    return note
