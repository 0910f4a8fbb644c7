"""HR's rules: the list in plain words, the editor without JSON (condition rows, kind,
guardrails, effects) and the preview of which recent events would fire a rule.

The editor's metric choices follow its event type: over HTMX the form's body is re-rendered
when the type changes; without JavaScript the "Show this type's metrics" button does the
same with a full page. Neither writes anything.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.pages import submit
from people.http import AuthedRequest
from people.permissions import HR, page_rule
from performance import event_type_selectors as definitions
from performance.forms import EFFECTS_PREFIX, effect_formset
from performance.models import Rule
from performance.rule_forms import (
    CONDITION_PREFIX,
    GUARDRAILS_PREFIX,
    RuleForm,
    chosen_event_type,
    condition_formset,
    editable_rows,
    guardrail_formset,
)
from performance.rule_summary import summarise_rule
from performance.services import rules as rule_services

EDITOR = "performance/rule_form.html"
EDITOR_BODY = "performance/partials/rule_editor.html"


@page_rule(HR)
def rules(request: AuthedRequest) -> HttpResponse:
    rows = []
    for rule in definitions.rules_with_metrics():
        metrics = {metric.key: metric for metric in rule.event_type.metrics.all()}
        rows.append({"rule": rule, "summary": summarise_rule(rule, metrics)})
    return render(request, "performance/rules.html", {"rows": rows})


def _rows_from_post(data: QueryDict, prefix: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """A formset's posted rows as initial values, to show them again without errors."""
    total = data.get(f"{prefix}-TOTAL_FORMS", "0")
    count = min(int(total), 10) if total.isdigit() else 0
    return [{f: data.get(f"{prefix}-{n}-{f}", "") for f in fields} for n in range(count)]


def _editor(request: AuthedRequest, *, rule: Rule | None) -> HttpResponse:
    action = request.POST.get("action", "save") if request.method == "POST" else "show"
    data = request.POST if request.method == "POST" else None
    event_type = chosen_event_type(data, rule)
    metrics = definitions.metrics_of(event_type=event_type)
    guardable = definitions.guardable_metrics()
    rows = editable_rows(rule.condition) if rule is not None else ("all", [])
    # A condition nested deeper than the rows show (written through the API) is kept as it
    # is: the page shows it read-only and never rebuilds it from rows.
    locked = rule.condition if rule is not None and rows is None else None
    kwargs: dict[str, Any] = {"metrics": metrics, "refresh_url": request.path}
    if action == "refresh" and data is not None:
        form = RuleForm(rule=rule, initial=data.dict(), **kwargs)
        conditions = condition_formset(
            rows=_rows_from_post(data, CONDITION_PREFIX, ("metric", "op", "value")),
            metrics=metrics,
        )
        guardrails = guardrail_formset(rule=None, guardable=guardable)
        guardrails.initial = _rows_from_post(
            data, GUARDRAILS_PREFIX, ("metric", "tolerance_percent")
        )
        effects = effect_formset()
        effects.initial = _rows_from_post(
            data, EFFECTS_PREFIX, ("kind", "message_en", "message_es", "points", "badge_class")
        )
        return _render(request, rule, form, conditions, guardrails, effects, locked, status=200)
    form = RuleForm(data, rule=rule, **kwargs)
    conditions = condition_formset(data, rows=rows[1] if rows else [], metrics=metrics)
    guardrails = guardrail_formset(data, rule=rule, guardable=guardable)
    effects = effect_formset(data, rule=rule)
    if data is None:
        return _render(request, rule, form, conditions, guardrails, effects, locked, status=200)
    # Every part is validated, so each shows its own errors at once.
    rows_valid = [
        (locked is not None) or conditions.is_valid(),
        guardrails.is_valid(),
        effects.is_valid(),
    ]

    def condition(cleaned: dict[str, Any]) -> dict[str, Any]:
        return locked if locked is not None else conditions.condition(cleaned["match"])

    if action == "preview":
        return _preview(
            request, rule, form, conditions, guardrails, effects, locked, condition, all(rows_valid)
        )
    if not all(rows_valid):
        form.is_valid()
        return _render(request, rule, form, conditions, guardrails, effects, locked, status=400)
    submission = submit(
        form,
        lambda cleaned: rule_services.save_rule(
            actor=request.user,
            rule=rule,
            condition=condition(cleaned),
            guardrails=guardrails.guardrails(),
            effects=effects.effects(),
            **form.rule_fields(),
        ),
    )
    saved = submission.result
    if saved is None:
        return _render(
            request, rule, form, conditions, guardrails, effects, locked, status=submission.status
        )
    messages.success(request, _("Rule “%(name)s” saved.") % {"name": saved.name})
    for warning in rule_services.rule_warnings(
        condition=saved.condition,
        aggregate=saved.aggregate,
        aggregate_metric=saved.aggregate_metric,
        aggregate_op=saved.aggregate_op,
        event_type=saved.event_type,
        kind=saved.kind,
    ):
        messages.warning(request, warning)
    return redirect(f"{reverse('performance:rules')}#rule-{saved.pk}")


def _preview(
    request: AuthedRequest,
    rule: Rule | None,
    form: RuleForm,
    *parts: Any,
) -> HttpResponse:
    """Which recent events these settings would fire, from an unsaved rule: nothing is
    written. Guardrails are left out of it (the page says so)."""
    conditions, guardrails, effects, locked, condition, rows_valid = parts
    hits = None
    if form.is_valid() and rows_valid:
        fields = form.rule_fields()
        draft = Rule(
            condition=condition(form.cleaned_data),
            **{k: v for k, v in fields.items() if k not in ("name_en", "name_es")},
        )
        errors = rule_services.rule_field_errors(
            condition=draft.condition,
            aggregate=draft.aggregate,
            aggregate_metric=draft.aggregate_metric,
            aggregate_op=draft.aggregate_op,
            aggregate_value=draft.aggregate_value,
            window_days=draft.window_days,
            event_type=draft.event_type,
            kind=draft.kind,
            min_count=draft.min_count,
            baseline_windows=draft.baseline_windows,
            margin_percent=draft.margin_percent,
            team=draft.team,
        )
        for field, field_errors in errors.items():
            for message in field_errors:
                form.add_error(field if field in form.fields else None, message)
        if not errors:
            hits = rule_services.preview_rule(rule=draft)
    preview = {"hits": hits, "asked": True}
    if request.htmx:
        return render(
            request,
            "performance/partials/rule_draft_preview.html",
            {"preview": preview, "form": form},
        )
    return _render(
        request, rule, form, conditions, guardrails, effects, locked, status=200, preview=preview
    )


def _render(
    request: AuthedRequest,
    rule: Rule | None,
    form: RuleForm,
    conditions: Any,
    guardrails: Any,
    effects: Any,
    locked: dict[str, Any] | None,
    *,
    status: int,
    preview: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "rule": rule,
        "form": form,
        "conditions": conditions,
        "guardrails": guardrails,
        "effects": effects,
        "locked_condition": (
            json.dumps(locked, indent=2, ensure_ascii=False) if locked is not None else None
        ),
        "preview": preview,
    }
    template = EDITOR_BODY if request.htmx else EDITOR
    return render(request, template, context, status=status)


@page_rule(HR)
def rule_create(request: AuthedRequest) -> HttpResponse:
    return _editor(request, rule=None)


@page_rule(HR)
def rule_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _editor(request, rule=definitions.get_rule_for_editor(pk=pk))


@page_rule(HR)
def rule_preview(request: AuthedRequest, pk: int) -> HttpResponse:
    """Which recent events would fire the saved rule. ``preview_rule`` reads only."""
    rule = definitions.get_rule_for_editor(pk=pk)
    hits = rule_services.preview_rule(rule=rule)
    return render(request, "performance/rule_preview.html", {"rule": rule, "hits": hits})
