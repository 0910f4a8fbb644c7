"""Turn stored events into feedback, points, badges and break suggestions, exactly once.

Each event is processed in its own transaction, with its row locked: effects and the
"processed" mark commit together or not at all. Every effect carries a key derived from
(rule, event), (rule, agent, window) or (rule, team, window) that the database keeps unique,
so a retried, re-delivered or replayed task finds the firing already there and does nothing.
A team goal fires once for the team; each member who takes part gets the effects, each under
a key of its own. An excluded event (outage, coaching time) is never judged by a rule.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.counters import UNREAD_FEEDBACK, counter_changed
from core.services import record_audit_event
from notifications.messages import bilingual, in_every_language
from notifications.services import notify
from people import selectors as people_selectors
from people.models import User
from people.permissions import require_hr
from performance import rule_engine, selectors
from performance.models import (
    Feedback,
    PerformanceEvent,
    Rule,
    RuleEffect,
    RuleFiring,
    RuleGuardrail,
)
from performance.services import ingestion
from recognition.services.grants import grant

logger = logging.getLogger(__name__)

COMPLIMENT_TYPE = "customer_compliment"


def _rules_by_type() -> dict[int, list[Rule]]:
    by_type: dict[int, list[Rule]] = {}
    # Not the effects' badges: ``grant`` reads a badge by its id, when one is due.
    rules = Rule.objects.filter(active=True).prefetch_related(
        "effects", Prefetch("guardrails", RuleGuardrail.objects.select_related("metric"))
    )
    for rule in rules:
        by_type.setdefault(rule.event_type_id, []).append(rule)
    return by_type


def process_events(*, event_ids: Sequence[int]) -> int:
    """Process each pending event of ``event_ids``; returns how many were processed now."""
    rules = _rules_by_type()
    # Most events (calls) have no rule and are not compliments, and excluded events meet no
    # rule: mark them processed with one conditional UPDATE instead of a locked
    # transaction each.
    inert = Q(text="") | ~Q(event_type__slug=COMPLIMENT_TYPE)
    done = _mark_processed(
        PerformanceEvent.objects.filter(inert, pk__in=event_ids).filter(
            ~Q(event_type_id__in=list(rules)) | Q(excluded=True)
        )
    )
    remaining = {
        row["id"]: row
        for row in PerformanceEvent.objects.filter(
            pk__in=event_ids, status=PerformanceEvent.Status.PENDING
        ).values(
            "id", "agent_id", "event_type_id", "occurred_at", "text", "excluded", "event_type__slug"
        )
    }
    teams = _team_goal_takers(remaining.values(), rules)
    # A windowed rule reads every stored event of its window, so once one event of a
    # (rule, agent, window) — or, for a team goal, (rule, team, window) — was processed in
    # this chunk, the others of that window would reach the same verdict: they are only
    # marked processed, in one UPDATE at the end.
    evaluated: set[WindowKey] = set()
    covered: list[int] = []
    for event_id in [i for i in event_ids if i in remaining]:
        row = remaining[event_id]
        windows = _window_keys(row, rules.get(row["event_type_id"], []), teams)
        if windows is not None and windows <= evaluated:
            covered.append(event_id)
            continue
        try:
            done += process_event(event_id=event_id, rules=rules)
        except Exception as exc:  # recorded on the event, never lost
            logger.exception("Event %s failed", event_id)
            _record_failure(event_id=event_id, error=f"{type(exc).__name__}: {exc}")
            continue
        evaluated |= windows or set()
    if covered:
        done += _mark_processed(PerformanceEvent.objects.filter(pk__in=covered))
    return done


def _mark_processed(events: QuerySet[PerformanceEvent]) -> int:
    """Mark the still-pending ``events`` processed in one conditional UPDATE (events that
    need no effect of their own); events already processed elsewhere are left alone."""
    return events.filter(status=PerformanceEvent.Status.PENDING).update(
        status=PerformanceEvent.Status.PROCESSED,
        processed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )


# (rule, "agent" or "team", agent or team id, window start)
WindowKey = tuple[int, str, int, dt.date]


def _team_goal_takers(
    rows: Iterable[Mapping[str, Any]], rules: Mapping[int, list[Rule]]
) -> dict[int, int]:
    """The team of each agent of ``rows`` who takes part in team goals (agent of a team, not
    opted out); two queries, and none when no team goal is active."""
    if not any(r.kind == Rule.Kind.TEAM_GOAL for by_type in rules.values() for r in by_type):
        return {}
    agent_ids = {row["agent_id"] for row in rows}
    teams = people_selectors.agent_team_ids(user_ids=agent_ids)
    for opted_out in selectors.opted_out_of_team_goals(user_ids=list(teams)):
        del teams[opted_out]
    return teams


def _window_keys(
    row: Mapping[str, Any], rules: list[Rule], teams: Mapping[int, int]
) -> set[WindowKey] | None:
    """The window keys an event is judged by, or None when it needs its own evaluation: a
    per-event rule, a condition (an event that fails it does not evaluate the window, so
    it cannot stand for the others), a compliment, which becomes feedback by itself, or an
    excluded event (it evaluates nothing, so it stands for no other). A team goal that
    cannot count the event (no team, another team, opted out) adds no key: its verdict is
    "nothing" whoever evaluates it."""
    if not rules or any(not rule.aggregate or rule.condition for rule in rules):
        return None
    if (row["event_type__slug"] == COMPLIMENT_TYPE and row["text"]) or row["excluded"]:
        return None
    day = timezone.localtime(row["occurred_at"], timezone.get_default_timezone()).date()
    keys: set[WindowKey] = set()
    for rule in rules:
        start = rule_engine.window_start(day, rule.window_days or 1)
        if rule.kind != Rule.Kind.TEAM_GOAL:
            keys.add((rule.pk, "agent", row["agent_id"], start))
            continue
        team_id = teams.get(row["agent_id"])
        if team_id is not None and rule.team_id in (None, team_id):
            keys.add((rule.pk, "team", team_id, start))
    return keys


def _record_failure(*, event_id: int, error: str) -> None:
    PerformanceEvent.objects.filter(pk=event_id, status=PerformanceEvent.Status.PENDING).update(
        attempts=F("attempts") + 1, last_error=error[:2000]
    )
    PerformanceEvent.objects.filter(
        pk=event_id,
        status=PerformanceEvent.Status.PENDING,
        attempts__gte=settings.EVENTS_MAX_ATTEMPTS,
    ).update(status=PerformanceEvent.Status.FAILED)


def process_event(*, event_id: int, rules: dict[int, list[Rule]] | None = None) -> bool:
    rules = _rules_by_type() if rules is None else rules
    with transaction.atomic():
        # Lock the event row only ("self"): locking the joined agent and event type would
        # serialise all processing of a type and block ingestion for that agent.
        event = (
            PerformanceEvent.objects.select_for_update(of=("self",), no_key=True)
            .select_related("agent", "event_type")
            .filter(pk=event_id)
            .first()
        )
        if event is None or event.status != PerformanceEvent.Status.PENDING:
            return False  # already processed (a re-delivery) or gone
        if event.event_type.slug == COMPLIMENT_TYPE and event.text:
            _record_compliment(event=event)
        # An excluded event counts for nothing: no rule judges it (a compliment above is
        # the customer's words, not a rule, and still reaches the agent).
        for rule in [] if event.excluded else rules.get(event.event_type_id, []):
            firing = _fire(rule=rule, event=event)
            if firing is None:
                continue
            if firing.team_id is None:
                _apply_effects(rule=rule, firing=firing, agent=event.agent, event=event)
            else:
                _apply_team_effects(rule=rule, firing=firing, team_id=firing.team_id)
        event.status = PerformanceEvent.Status.PROCESSED
        event.processed_at = timezone.now()
        event.attempts += 1
        event.last_error = ""
        event.save(update_fields=["status", "processed_at", "attempts", "last_error"])
    return True


def _fire(*, rule: Rule, event: PerformanceEvent) -> RuleFiring | None:
    outcome = rule_engine.evaluate(rule=rule, event=event)
    if outcome is None:
        return None
    if RuleFiring.objects.filter(key=outcome.key).exists():
        return None  # this window (or event) already fired: exactly once
    # A team goal's firing is the team's; its cool-down is the team's too.
    whose = (
        {"agent_id": event.agent_id, "team_id": None}
        if outcome.team_id is None
        else {"agent_id": None, "team_id": outcome.team_id}
    )
    if (
        rule.cooldown_days
        and RuleFiring.objects.filter(
            rule=rule,
            fired_at__gte=timezone.now() - dt.timedelta(days=rule.cooldown_days),
            **whose,
        ).exists()
    ):
        return None
    try:
        with transaction.atomic():
            return RuleFiring.objects.create(
                rule=rule,
                key=outcome.key,
                event=event,
                window_start=outcome.window_start,
                context=outcome.context,
                **whose,
            )
    except IntegrityError:
        return None  # another worker fired it a moment ago


def _in_agents_language(texts: dict[str, str], agent: User) -> str:
    """Of a text kept in every language, the one stored as ``message`` for the agent."""
    return texts.get(agent.preferred_language) or texts[settings.LANGUAGE_CODE[:2]]


def _message_texts(effect: RuleEffect, context: Mapping[str, Any]) -> dict[str, str]:
    """The effect's message in each language, its numbers in that language's format."""
    return in_every_language(lambda: rule_engine.render(effect.message, context))


def _apply_team_effects(*, rule: Rule, firing: RuleFiring, team_id: int) -> None:
    """Each current agent of the team who takes part in team goals gets the effects once,
    under ``<firing key>:agent:<id>``; the event is another person's, so it is not linked."""
    members = selectors.team_goal_members(team_id=team_id)
    for member in User.objects.filter(pk__in=members).order_by("pk"):
        _apply_effects(
            rule=rule,
            firing=firing,
            agent=member,
            event=None,
            prefix=f"{firing.key}:agent:{member.pk}",
        )


def _apply_effects(
    *,
    rule: Rule,
    firing: RuleFiring,
    agent: User,
    event: PerformanceEvent | None,
    prefix: str | None = None,
) -> None:
    for effect in rule.effects.all():
        key = f"{prefix or firing.key}:{effect.kind}:{effect.pk}"
        if effect.kind in (RuleEffect.Kind.FEEDBACK, RuleEffect.Kind.BREAK):
            kind = (
                Feedback.Kind.BREAK
                if effect.kind == RuleEffect.Kind.BREAK
                else Feedback.Kind.PRAISE
            )
            texts = _message_texts(effect, firing.context)
            message = _in_agents_language(texts, agent)
            counter_changed(UNREAD_FEEDBACK, user_ids=[agent.pk])
            Feedback.objects.create(
                agent=agent,
                kind=kind,
                message=message,
                texts=texts,
                firing=firing,
                event=event,
                idempotency_key=key,
            )
            # A break suggestion opens in the inbox too, where its card leads to the
            # check-in: performance links to its own pages only.
            url = reverse("performance:inbox")
            if kind == Feedback.Kind.BREAK:
                url = f"{url}?kind={kind}"
            notify(
                user=agent,
                kind=f"feedback_{kind}",
                message_key="performance.feedback",
                params={"text": {code: text[:300] for code, text in texts.items()}},
                url=url,
            )
        elif effect.kind == RuleEffect.Kind.POINTS and effect.points:
            grant(
                recipient=agent,
                reason="rule",
                idempotency_key=key,
                points=effect.points,
                reference=firing,
                memo_key="ledger.rule",
                memo_params={"rule": bilingual(rule)},
            )
        elif effect.kind == RuleEffect.Kind.BADGE and effect.badge_class_id:
            # A one-per-person badge the agent already holds adds nothing (``grant``).
            grant(
                recipient=agent,
                reason="rule",
                idempotency_key=key,
                badge_class_id=effect.badge_class_id,
                badge_evidence=rule.name,
                badge_key=key,
            )


def _record_compliment(*, event: PerformanceEvent) -> None:
    key = f"compliment:{event.pk}"
    if Feedback.objects.filter(idempotency_key=key).exists():
        return
    agent = event.agent
    texts = in_every_language(gettext_lazy("A customer took the time to thank you."))
    message = _in_agents_language(texts, agent)
    counter_changed(UNREAD_FEEDBACK, user_ids=[agent.pk])
    Feedback.objects.create(
        agent=agent,
        kind=Feedback.Kind.COMPLIMENT,
        message=message,
        texts=texts,
        customer_text=event.text,
        event=event,
        idempotency_key=key,
    )
    notify(
        user=agent,
        kind="feedback_compliment",
        message_key="performance.compliment",
        url=reverse("performance:inbox"),
    )


def sweep_pending_events(*, now: dt.datetime | None = None, limit: int = 20_000) -> int:
    """Re-enqueue events still pending after the grace period (lost message, dead worker,
    broker outage). Safe to run often: processing skips what is already done."""
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=settings.EVENTS_SWEEP_GRACE_SECONDS)
    ids = list(
        PerformanceEvent.objects.filter(
            Q(swept_at__isnull=True) | Q(swept_at__lt=cutoff),
            status=PerformanceEvent.Status.PENDING,
            received_at__lt=cutoff,
        )
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    if ids:
        PerformanceEvent.objects.filter(pk__in=ids).update(swept_at=now or timezone.now())
        ingestion.enqueue_processing(event_ids=ids)
    return len(ids)


def retry_failed_events(*, actor: User, event_ids: Sequence[int] | None = None) -> int:
    """HR's retry button: failed events go back to pending and to the workers."""
    require_hr(actor)
    failed = PerformanceEvent.objects.filter(status=PerformanceEvent.Status.FAILED)
    if event_ids is not None:
        failed = failed.filter(pk__in=event_ids)
    ids = list(failed.values_list("id", flat=True))
    with transaction.atomic():
        # Re-check the status: an event processed (or retried) meanwhile is left alone.
        PerformanceEvent.objects.filter(pk__in=ids, status=PerformanceEvent.Status.FAILED).update(
            status=PerformanceEvent.Status.PENDING, attempts=0
        )
        if ids:
            record_audit_event(
                actor=actor, verb="events.retried", target=actor, data={"count": len(ids)}
            )
        transaction.on_commit(lambda: ingestion.enqueue_processing(event_ids=ids), robust=True)
    return len(ids)
