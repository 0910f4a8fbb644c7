"""A rule in plain words, in the reader's language: what it looks at, when it acts and what
it gives ("What Cuida uses about me", ``performance.transparency_views``).

Every sentence is one translatable message per kind (and per comparison, aggregate and
direction) with named placeholders, so a translator may reorder it; only noun phrases and
predicates (a measure, "is at least 4,5", "20 points") fill those placeholders. Numbers go
through ``core.numbers.readable`` (4,5 in Spanish) and durations read as "5 min 30 s".

``describe_rule`` reads ``rule.event_type.metrics``, ``rule.guardrails`` (with their
metric), ``rule.effects`` (with their badge) and ``rule.team``: callers that describe many
rules prefetch them (``transparency.rules_acting_on``) so describing costs no query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.numbers import readable
from performance.models import Metric, Rule, RuleEffect

HIGHER, LOWER = Metric.Direction.HIGHER, Metric.Direction.LOWER


# --- Numbers and units --------------------------------------------------------------------


def duration(seconds: float) -> str:
    """330 → "5 min 30 s"; 45 → "45 s"; 3900 → "1 h 5 min"; 90.5 → "1 min 30.5 s" (to a
    tenth of a second: a threshold is never shown rounder than it is)."""
    total = round(abs(seconds), 1)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(_("%(hours)s h") % {"hours": int(hours)})
    if minutes:
        parts.append(_("%(minutes)s min") % {"minutes": int(minutes)})
    if secs or not parts:
        parts.append(_("%(seconds)s s") % {"seconds": readable(secs)})
    return ("-" if seconds < 0 else "") + " ".join(parts)


def percent(value: float) -> str:
    return _("%(number)s%%") % {"number": readable(value, decimals=1)}


def format_value(value: Any, unit: str | None) -> str:
    """A metric's value as a person reads it, in its unit; not a number: as it came."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if unit == Metric.Unit.SECONDS:
        return duration(value)
    if unit == Metric.Unit.PERCENT:
        return percent(value)
    return readable(value, decimals=2)


# --- Metrics ------------------------------------------------------------------------------


def _lowercase_first(name: str) -> str:
    """ "Quality score" → "quality score" inside a sentence; "CSAT score" stays as it is."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def _declared(rule: Rule) -> dict[str, Metric]:
    return {metric.key: metric for metric in rule.event_type.metrics.all()}


def _metric_name(metrics: Mapping[str, Metric], key: str) -> str:
    metric = metrics.get(key)
    # An undeclared metric (a rule older than the declarations) reads as its key.
    return _lowercase_first(metric.name) if metric is not None else key


def _unit(metrics: Mapping[str, Metric], key: str) -> str | None:
    metric = metrics.get(key)
    return metric.unit if metric is not None else None


# --- Pieces: comparisons, lists -----------------------------------------------------------


def _comparison(op: str, value: str) -> str:
    """The predicate "is at least 90" for ``op``."""
    phrases = {
        ">=": _("is at least %(value)s"),
        ">": _("is more than %(value)s"),
        "<=": _("is at most %(value)s"),
        "<": _("is less than %(value)s"),
        "==": _("is exactly %(value)s"),
        "!=": _("is not %(value)s"),
    }
    return phrases.get(op, "%(value)s") % {"value": value}


def _join(items: Sequence[str], *, any_of: bool = False) -> str:
    if len(items) <= 1:
        return "".join(items)
    head, last = ", ".join(items[:-1]), items[-1]
    if any_of:
        return _("%(items)s or %(last)s") % {"items": head, "last": last}
    return _("%(items)s and %(last)s") % {"items": head, "last": last}


def _conditions(condition: Mapping[str, Any], metrics: Mapping[str, Metric]) -> str:
    """ "the quality score is at least 90"; groups joined by "and" / "or", a group inside a
    group in parentheses so that "and" and "or" never mix up."""
    if not condition:
        return ""
    for group in ("all", "any"):
        if group in condition:
            parts = []
            for item in condition[group]:
                text = _conditions(item, metrics)
                nested = [v for k, v in item.items() if k in ("all", "any")]
                parts.append(f"({text})" if nested and len(nested[0]) > 1 else text)
            return _join(parts, any_of=group == "any")
    key = str(condition.get("metric", ""))
    value = format_value(condition.get("value"), _unit(metrics, key))
    return _("the %(metric)s %(comparison)s") % {
        "metric": _metric_name(metrics, key),
        "comparison": _comparison(str(condition.get("op", "")), value),
    }


# --- Measures: what a windowed rule aggregates ---------------------------------------------


def _measure(rule: Rule, metrics: Mapping[str, Metric], *, team: bool) -> str:
    event_type = rule.event_type.name
    metric = _metric_name(metrics, rule.aggregate_metric)
    if team:
        phrases = {
            "count": _("the team's number of “%(event_type)s” events"),
            "sum": _("the team's total %(metric)s in “%(event_type)s” events"),
            "mean": _("the team's average %(metric)s in “%(event_type)s” events"),
            "min": _("the team's lowest %(metric)s in “%(event_type)s” events"),
            "max": _("the team's highest %(metric)s in “%(event_type)s” events"),
        }
    else:
        phrases = {
            "count": _("your number of “%(event_type)s” events"),
            "sum": _("your total %(metric)s in “%(event_type)s” events"),
            "mean": _("your average %(metric)s in “%(event_type)s” events"),
            "min": _("your lowest %(metric)s in “%(event_type)s” events"),
            "max": _("your highest %(metric)s in “%(event_type)s” events"),
        }
    return phrases[rule.aggregate] % {"metric": metric, "event_type": event_type}


def _window(days: int | None) -> str:
    if days == 7:
        return _("in a week")
    if days == 30:
        return _("in a month")
    count = days or 1
    return ngettext("in %(count)s day", "in %(count)s days", count) % {"count": count}


def _direction(rule: Rule, metrics: Mapping[str, Metric]) -> str:
    """Which way is better for the aggregate: a count is higher; a metric says."""
    if rule.aggregate == Rule.Aggregate.COUNT:
        return HIGHER
    metric = metrics.get(rule.aggregate_metric)
    return LOWER if metric is not None and metric.direction == LOWER else HIGHER


def _threshold(rule: Rule, metrics: Mapping[str, Metric]) -> str:
    unit = None if rule.aggregate == Rule.Aggregate.COUNT else _unit(metrics, rule.aggregate_metric)
    value = format_value(rule.aggregate_value if rule.aggregate_value is not None else 0, unit)
    return _comparison(rule.aggregate_op or ">=", value)


# --- Effects ------------------------------------------------------------------------------


def _effect(effect: RuleEffect) -> str:
    if effect.kind == RuleEffect.Kind.POINTS:
        return ngettext("%(count)s point", "%(count)s points", effect.points) % {
            "count": effect.points
        }
    if effect.kind == RuleEffect.Kind.BADGE:
        name = effect.badge_class.name if effect.badge_class is not None else ""
        return _("the badge “%(badge)s”") % {"badge": name}
    if effect.kind == RuleEffect.Kind.BREAK:
        return _("a break suggestion")
    return _("a message")


def _outcome(effects: Iterable[RuleEffect], *, team: bool) -> str:
    things = [_effect(effect) for effect in effects]
    if not things:
        return _("nothing happens yet: it has no effect")
    if team:
        return _("everyone in the team gets %(things)s") % {"things": _join(things)}
    return _("you get %(things)s") % {"things": _join(things)}


# --- The sentence per kind ----------------------------------------------------------------


def _main_sentence(rule: Rule, metrics: Mapping[str, Metric], outcome: str) -> str:
    kind = rule.kind
    if not rule.aggregate:
        # Each event on its own (only a threshold rule may be unwindowed).
        conditions = _conditions(rule.condition or {}, metrics)
        if conditions:
            return _(
                "For each “%(event_type)s” event about you, when %(conditions)s, %(outcome)s."
            ) % {"event_type": rule.event_type.name, "conditions": conditions, "outcome": outcome}
        return _("For each “%(event_type)s” event about you, %(outcome)s.") % {
            "event_type": rule.event_type.name,
            "outcome": outcome,
        }
    values = {
        "measure": _measure(rule, metrics, team=kind == Rule.Kind.TEAM_GOAL),
        "window": _window(rule.window_days),
        "comparison": _threshold(rule, metrics),
        "outcome": outcome,
        "count": rule.baseline_windows,
        "margin": percent(rule.margin_percent),
    }
    lower = _direction(rule, metrics) == LOWER
    n = rule.baseline_windows
    if kind == Rule.Kind.PERSONAL_BEST:
        if lower:
            text = ngettext(
                "When %(measure)s %(window)s is lower than in the previous period, %(outcome)s.",
                "When %(measure)s %(window)s is lower than your best of the previous "
                "%(count)s periods, %(outcome)s.",
                n,
            )
        else:
            text = ngettext(
                "When %(measure)s %(window)s is higher than in the previous period, %(outcome)s.",
                "When %(measure)s %(window)s is higher than your best of the previous "
                "%(count)s periods, %(outcome)s.",
                n,
            )
    elif kind == Rule.Kind.MOST_IMPROVED:
        if lower:
            text = ngettext(
                "When %(measure)s %(window)s is lower than in the previous period by more "
                "than %(margin)s and beyond chance, %(outcome)s.",
                "When %(measure)s %(window)s is lower than your average of the previous "
                "%(count)s periods by more than %(margin)s and beyond chance, %(outcome)s.",
                n,
            )
        else:
            text = ngettext(
                "When %(measure)s %(window)s is higher than in the previous period by more "
                "than %(margin)s and beyond chance, %(outcome)s.",
                "When %(measure)s %(window)s is higher than your average of the previous "
                "%(count)s periods by more than %(margin)s and beyond chance, %(outcome)s.",
                n,
            )
    elif kind == Rule.Kind.TEAM_GOAL:
        if rule.team is not None:
            text = _(
                "Team goal for %(team)s: when %(measure)s %(comparison)s %(window)s, %(outcome)s."
            )
            values["team"] = rule.team.name
        else:
            text = _(
                "Team goal for your team: when %(measure)s %(comparison)s %(window)s, %(outcome)s."
            )
    else:
        text = _("When %(measure)s %(comparison)s %(window)s, %(outcome)s.")
    return text % values


def _guardrail(rule: Rule, *, team: bool) -> str:
    phrases = []
    for guardrail in rule.guardrails.all():
        name = _lowercase_first(guardrail.metric.name)
        tolerance = guardrail.tolerance_percent
        if team:
            phrase = (
                _("the team's %(metric)s did not get worse by more than %(tolerance)s")
                if tolerance
                else _("the team's %(metric)s did not get worse")
            )
        else:
            phrase = (
                _("your %(metric)s did not get worse by more than %(tolerance)s")
                if tolerance
                else _("your %(metric)s did not get worse")
            )
        phrases.append(phrase % {"metric": name, "tolerance": percent(tolerance)})
    if not phrases:
        return ""
    return _("Only if %(guardrails)s in the same period.") % {"guardrails": _join(phrases)}


def describe_rule(rule: Rule) -> str:
    """The rule in plain words, in the active language: one to five full sentences."""
    metrics = _declared(rule)
    team = rule.kind == Rule.Kind.TEAM_GOAL
    sentences = [_main_sentence(rule, metrics, _outcome(rule.effects.all(), team=team))]
    if rule.aggregate:
        conditions = _conditions(rule.condition or {}, metrics)
        if conditions:
            sentences.append(
                _("Only events in which %(conditions)s count.") % {"conditions": conditions}
            )
        if rule.min_count > 1:
            sentences.append(
                ngettext(
                    "A period counts only with at least %(count)s event.",
                    "A period counts only with at least %(count)s events.",
                    rule.min_count,
                )
                % {"count": rule.min_count}
            )
        guardrails = _guardrail(rule, team=team)
        if guardrails:
            sentences.append(guardrails)
    if rule.cooldown_days:
        sentences.append(
            ngettext(
                "After it acts, it waits %(count)s day before acting again.",
                "After it acts, it waits %(count)s days before acting again.",
                rule.cooldown_days,
            )
            % {"count": rule.cooldown_days}
        )
    return " ".join(sentences)
