"""The rules editor without JSON: a rule's fields, its condition as rows (metric, comparison,
value) joined by "all" or "any", its guardrails and its effects. The forms parse input;
``services.rules.save_rule`` holds the rules and says what is wrong, by field."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from people import selectors as people_selectors
from performance import rule_engine, selectors
from performance.models import EventType, Metric, Rule
from performance.services.rules import GuardrailInput

OPERATOR_CHOICES = [
    (">=", _("at least (≥)")),
    (">", _("more than (>)")),
    ("<=", _("at most (≤)")),
    ("<", _("less than (<)")),
    ("==", _("exactly (=)")),
    ("!=", _("not (≠)")),
]
assert {op for op, _label in OPERATOR_CHOICES} == set(rule_engine.OPERATORS)  # noqa: S101

MATCH_CHOICES = [("all", _("All of these rows")), ("any", _("Any of these rows"))]
CONDITION_ROWS = 5
GUARDRAIL_ROWS = 3
CONDITION_PREFIX = "condition"
GUARDRAILS_PREFIX = "guardrails"
RULE_NAME_MAX_LENGTH = Rule._meta.get_field("name_es").max_length


def metric_label(metric: Metric) -> str:
    """How a metric reads in the editor: "Handle time (seconds)"."""
    return f"{metric.name} ({metric.get_unit_display()})"


def editable_rows(condition: Any) -> tuple[str, list[dict[str, Any]]] | None:
    """("all" or "any", its comparisons) when the editor's rows can show ``condition``;
    None when it nests deeper than one group (written through the API)."""
    if not condition:
        return "all", []
    if not isinstance(condition, dict):
        return None
    if "metric" in condition:
        return "all", [condition]
    for match in ("all", "any"):
        items = condition.get(match)
        if isinstance(items, list) and all(
            isinstance(item, dict) and "metric" in item for item in items
        ):
            return match, items
    return None


class SectionErrors(forms.Field):
    """Never rendered as an input: where the service's errors about a whole section of the
    editor (the condition, the guardrails, the effects) land, shown at that section."""

    def __init__(self) -> None:
        super().__init__(required=False, widget=forms.HiddenInput)


class RuleForm(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=RULE_NAME_MAX_LENGTH)
    name_es = forms.CharField(label=_("Name (Spanish)"), max_length=RULE_NAME_MAX_LENGTH)
    event_type = forms.ModelChoiceField(
        label=_("Event type"), queryset=selectors.event_types_for_rules(), empty_label=_("Choose…")
    )
    kind = forms.ChoiceField(
        label=_("Kind of rule"),
        choices=Rule.Kind.choices,
        initial=Rule.Kind.THRESHOLD,
        help_text=_(
            "A fixed value compares each event, or a window's aggregate, with the threshold. "
            "Personal best and most improved compare an agent's window with their own "
            "previous windows. A team goal compares a team's aggregate with the threshold "
            "and rewards every member."
        ),
    )
    match = forms.ChoiceField(
        label=_("An event counts when it meets"), choices=MATCH_CHOICES, initial="all"
    )
    aggregate = forms.ChoiceField(
        label=_("Aggregate"), choices=Rule.Aggregate.choices, required=False
    )
    aggregate_metric = forms.ChoiceField(
        label=_("Metric to aggregate"),
        choices=[],
        required=False,
        help_text=_("Not needed to count events."),
    )
    aggregate_op = forms.ChoiceField(
        label=_("Comparison"), choices=OPERATOR_CHOICES, initial=">=", required=False
    )
    aggregate_value = forms.FloatField(
        label=_("Threshold"),
        required=False,
        help_text=_("Personal best and most improved compare with the agent's own windows."),
    )
    window_days = forms.IntegerField(
        label=_("Window (days)"),
        min_value=1,
        max_value=366,
        required=False,
        help_text=_("Aggregates count the events of fixed windows: 7 days is Monday to Sunday."),
    )
    min_count = forms.IntegerField(
        label=_("At least this many events"),
        min_value=1,
        initial=1,
        help_text=_("A window with fewer matching events counts for nothing."),
    )
    cooldown_days = forms.IntegerField(
        label=_("Cool-down (days)"),
        min_value=0,
        initial=0,
        help_text=_("After firing for an agent, wait this long before firing again."),
    )
    baseline_windows = forms.IntegerField(
        label=_("Previous windows compared"),
        min_value=1,
        max_value=52,
        initial=4,
        help_text=_("Personal best and most improved: how many earlier windows to look back on."),
    )
    margin_percent = forms.FloatField(
        label=_("Improvement margin (%)"),
        min_value=0,
        max_value=100,
        initial=10,
        help_text=_(
            "Most improved: the average must beat the agent's own baseline by more than this "
            "share of it, and by more than chance would explain."
        ),
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=people_selectors.all_teams(),
        required=False,
        empty_label=_("Each team on its own"),
        help_text=_("Team goal only: one team, or leave empty to measure every team."),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    condition = SectionErrors()
    guardrails = SectionErrors()
    effects = SectionErrors()

    def __init__(
        self,
        *args: Any,
        rule: Rule | None = None,
        metrics: list[Metric],
        refresh_url: str = "",
        **kwargs: Any,
    ) -> None:
        if rule is not None:
            kwargs.setdefault("initial", initial_for(rule))
        super().__init__(*args, **kwargs)
        self.metrics = metrics
        if refresh_url:
            # The metric choices follow the event type: HTMX posts the form to be drawn again
            # (``action=refresh`` writes nothing). No inline script: the CSP forbids it.
            self.fields["event_type"].widget.attrs.update(
                {
                    "hx-post": refresh_url,
                    "hx-trigger": "change",
                    "hx-vals": '{"action": "refresh"}',
                    "hx-target": "#rule-editor",
                    "hx-swap": "outerHTML",
                }
            )
        event_type = cast(forms.ModelChoiceField, self.fields["event_type"])
        event_type.queryset = selectors.event_types_for_rules(
            current=rule.event_type if rule is not None else None
        )
        aggregate_metric = cast(forms.ChoiceField, self.fields["aggregate_metric"])
        aggregate_metric.choices = [("", _("None")), *metric_choices(metrics)]

    def rule_fields(self) -> dict[str, Any]:
        """Keyword arguments for ``services.rules.save_rule``, but the condition,
        guardrails and effects, which come from the rows."""
        data = self.cleaned_data
        defaults = {"baseline_windows": 4, "margin_percent": 10.0}
        return {
            "name_en": data["name_en"],
            "name_es": data["name_es"],
            "event_type": data["event_type"],
            "kind": data["kind"],
            "aggregate": data["aggregate"],
            "aggregate_metric": data["aggregate_metric"],
            "aggregate_op": data["aggregate_op"] or ">=",
            "aggregate_value": data["aggregate_value"],
            "window_days": data["window_days"],
            "min_count": data["min_count"],
            "cooldown_days": data["cooldown_days"],
            "baseline_windows": data["baseline_windows"] or defaults["baseline_windows"],
            "margin_percent": (
                defaults["margin_percent"]
                if data["margin_percent"] is None
                else data["margin_percent"]
            ),
            "team": data["team"],
            "active": data["active"],
        }


def initial_for(rule: Rule) -> dict[str, Any]:
    rows = editable_rows(rule.condition)
    return {
        "name_en": rule.name_en,
        "name_es": rule.name_es,
        "event_type": rule.event_type_id,
        "kind": rule.kind,
        "match": rows[0] if rows else "all",
        "aggregate": rule.aggregate,
        "aggregate_metric": rule.aggregate_metric,
        "aggregate_op": rule.aggregate_op or ">=",
        "aggregate_value": rule.aggregate_value,
        "window_days": rule.window_days,
        "min_count": rule.min_count,
        "cooldown_days": rule.cooldown_days,
        "baseline_windows": rule.baseline_windows,
        "margin_percent": rule.margin_percent,
        "team": rule.team_id,
        "active": rule.active,
    }


def metric_choices(metrics: list[Metric]) -> list[tuple[str, str]]:
    return [(metric.key, metric_label(metric)) for metric in metrics]


# --- Condition rows ------------------------------------------------------------------------


class ConditionRowForm(forms.Form):
    """One comparison; a row without a metric is skipped."""

    metric = forms.ChoiceField(
        label=_("Metric"),
        choices=[],
        required=False,
        error_messages={
            "invalid_choice": _("“%(value)s” is not a metric of this event type."),
        },
    )
    op = forms.ChoiceField(
        label=_("Comparison"), choices=OPERATOR_CHOICES, initial=">=", required=False
    )
    value = forms.FloatField(label=_("Value"), required=False)

    def __init__(self, *args: Any, metrics: list[Metric], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        metric = cast(forms.ChoiceField, self.fields["metric"])
        metric.choices = [("", _("None")), *metric_choices(metrics)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("metric") and data.get("value") is None and "value" not in self.errors:
            self.add_error("value", _("Give the value to compare with."))
        if not data.get("metric") and data.get("value") is not None:
            self.add_error("metric", _("Choose the metric, or clear this row."))
        return data

    def comparison(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data.get("metric"):
            return None
        value = data["value"]
        # 300, not 300.0, in the stored rule the API shows.
        number: int | float = int(value) if float(value).is_integer() else value
        return {"metric": data["metric"], "op": data["op"] or ">=", "value": number}


class BaseConditionFormSet(forms.BaseFormSet):
    def condition(self, match: str) -> dict[str, Any]:
        """The rows as the rule language's condition: {} when no row is filled."""
        rows = [c for c in (form.comparison() for form in self.forms if form.cleaned_data) if c]
        return {match: rows} if rows else {}


ConditionFormSet = cast(
    type[BaseConditionFormSet],
    forms.formset_factory(
        ConditionRowForm,
        formset=BaseConditionFormSet,
        extra=CONDITION_ROWS,
        max_num=CONDITION_ROWS,
    ),
)


def condition_formset(
    data: Any = None, *, rows: list[dict[str, Any]] | None, metrics: list[Metric]
) -> BaseConditionFormSet:
    initial = [{"metric": r["metric"], "op": r["op"], "value": r["value"]} for r in rows or []]
    return ConditionFormSet(
        data, prefix=CONDITION_PREFIX, initial=initial, form_kwargs={"metrics": metrics}
    )


# --- Guardrail rows ------------------------------------------------------------------------


class GuardrailRowForm(forms.Form):
    """Only if this metric did not get worse; a row without a metric is skipped."""

    metric = forms.TypedChoiceField(
        label=_("Metric that must not get worse"), choices=[], coerce=int, required=False
    )
    tolerance_percent = forms.FloatField(
        label=_("Tolerance (%)"), min_value=0, max_value=100, required=False, initial=0
    )

    def __init__(self, *args: Any, guardable: dict[int, Metric], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guardable = guardable
        metric = cast(forms.TypedChoiceField, self.fields["metric"])
        metric.choices = [
            ("", _("None")),
            *(
                (pk, f"{m.event_type.name} · {metric_label(m)}")
                for pk, m in sorted(
                    guardable.items(), key=lambda item: (item[1].event_type.name, item[1].name)
                )
            ),
        ]

    def guardrail(self) -> GuardrailInput | None:
        pk = self.cleaned_data.get("metric")
        if not pk:
            return None
        metric = self.guardable[pk]
        return GuardrailInput(
            event_type=metric.event_type,
            metric=metric.key,
            tolerance_percent=self.cleaned_data.get("tolerance_percent") or 0,
        )


class BaseGuardrailFormSet(forms.BaseFormSet):
    def guardrails(self) -> list[GuardrailInput]:
        rows = (form.guardrail() for form in self.forms if form.cleaned_data)
        return [g for g in rows if g is not None]


GuardrailFormSet = cast(
    type[BaseGuardrailFormSet],
    forms.formset_factory(
        GuardrailRowForm, formset=BaseGuardrailFormSet, extra=GUARDRAIL_ROWS, max_num=GUARDRAIL_ROWS
    ),
)


def guardrail_formset(
    data: Any = None, *, rule: Rule | None, guardable: dict[int, Metric]
) -> BaseGuardrailFormSet:
    initial = (
        [
            {"metric": g.metric_id, "tolerance_percent": g.tolerance_percent}
            for g in rule.guardrails.all()
        ]
        if rule is not None
        else None
    )
    return GuardrailFormSet(
        data, prefix=GUARDRAILS_PREFIX, initial=initial, form_kwargs={"guardable": guardable}
    )


def chosen_event_type(data: QueryDict | None, rule: Rule | None) -> EventType | None:
    """The event type whose metrics the rows offer: the one just chosen, else the rule's."""
    if data is not None:
        raw = data.get("event_type", "")
        if raw.isdigit():
            types = selectors.event_types_for_rules(current=rule.event_type if rule else None)
            return types.filter(pk=int(raw)).first()
        return None
    return rule.event_type if rule is not None else None
