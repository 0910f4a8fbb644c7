"""Page forms for performance. They parse input; the services hold the rules."""

from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import User
from performance import rule_engine, selectors
from performance.models import AgentMapping, ApiKey, Feedback, Integration, Rule, RuleEffect

MAX_EFFECTS = 4


class FeedbackFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *Feedback.Kind.choices], required=False
    )

    def kind_filter(self) -> str | None:
        """The chosen kind, or None for "all" (an unknown kind also reads as "all")."""
        if not self.is_valid():
            return None
        return self.cleaned_data.get("kind") or None


# --- Integrations --------------------------------------------------------------------------


class IntegrationForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=Integration._meta.get_field("name").max_length,
        help_text=_("The tool that sends events, e.g. “Telephony” or “CSAT survey”."),
    )


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Label"),
        max_length=ApiKey._meta.get_field("name").max_length,
        required=False,
        help_text=_("Where the key is used, so you know which one to revoke later."),
    )


class AgentMappingForm(forms.Form):
    external_agent_id = forms.CharField(
        label=_("Agent id in the tool"),
        max_length=AgentMapping._meta.get_field("external_agent_id").max_length,
    )
    email = forms.EmailField(label=_("Person's email"))

    def clean_email(self) -> User:
        person = selectors.active_person_by_email(email=self.cleaned_data["email"])
        if person is None:
            raise forms.ValidationError(_("No active person has this email."))
        return person


# --- Rules ---------------------------------------------------------------------------------

OPERATOR_CHOICES = [(op, op) for op in rule_engine.OPERATORS]


RULE_NAME_MAX_LENGTH = Rule._meta.get_field("name_es").max_length


class RuleForm(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=RULE_NAME_MAX_LENGTH)
    name_es = forms.CharField(label=_("Name (Spanish)"), max_length=RULE_NAME_MAX_LENGTH)
    event_type = forms.ModelChoiceField(
        label=_("Event type"), queryset=selectors.event_types_for_rules(), empty_label=_("Choose…")
    )
    condition = forms.CharField(
        label=_("Condition (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false", "class": "code"}),
        help_text=_(
            "Which events count. {} means every event; for example "
            '{"all": [{"metric": "score", "op": ">=", "value": 90}]}. '
            'Groups are "all" or "any"; comparisons are >=, >, <=, <, == and !=.'
        ),
    )
    aggregate = forms.ChoiceField(
        label=_("Aggregate"), choices=Rule.Aggregate.choices, required=False
    )
    aggregate_metric = forms.CharField(
        label=_("Metric to aggregate"),
        max_length=Rule._meta.get_field("aggregate_metric").max_length,
        required=False,
        help_text=_("For a sum or an average, e.g. “score”."),
    )
    aggregate_op = forms.ChoiceField(label=_("Comparison"), choices=OPERATOR_CHOICES)
    aggregate_value = forms.FloatField(label=_("Threshold"), required=False)
    window_days = forms.IntegerField(
        label=_("Window (days)"),
        min_value=1,
        max_value=366,
        required=False,
        help_text=_("Aggregates count the events of fixed windows: 7 days is Monday to Sunday."),
    )
    min_count = forms.IntegerField(label=_("At least this many events"), min_value=1, initial=1)
    cooldown_days = forms.IntegerField(
        label=_("Cool-down (days)"),
        min_value=0,
        initial=0,
        help_text=_("After firing for an agent, wait this long before firing again."),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, rule: Rule | None = None, **kwargs: Any) -> None:
        if rule is not None:
            kwargs.setdefault("initial", initial_for(rule))
        super().__init__(*args, **kwargs)
        event_type = cast(forms.ModelChoiceField, self.fields["event_type"])
        event_type.queryset = selectors.event_types_for_rules(
            current=rule.event_type if rule is not None else None
        )

    def clean_condition(self) -> dict[str, Any]:
        text = self.cleaned_data["condition"].strip()
        if not text:
            return {}
        try:
            condition = json.loads(text)
        except json.JSONDecodeError as exc:
            # Python's reason ("Expecting value") is English only; the place is what helps.
            raise forms.ValidationError(
                _("This is not valid JSON (line %(line)s, column %(column)s)."),
                params={"line": exc.lineno, "column": exc.colno},
            ) from exc
        if not isinstance(condition, dict):
            raise forms.ValidationError(_("The condition must be a JSON object: {…}."))
        return condition

    def rule_fields(self) -> dict[str, Any]:
        """Keyword arguments for ``services.rules.save_rule``, effects aside."""
        data = self.cleaned_data
        return {
            "name_en": data["name_en"],
            "name_es": data["name_es"],
            "event_type": data["event_type"],
            "condition": data["condition"],
            "aggregate": data["aggregate"],
            "aggregate_metric": data["aggregate_metric"].strip(),
            "aggregate_op": data["aggregate_op"],
            "aggregate_value": data["aggregate_value"],
            "window_days": data["window_days"],
            "min_count": data["min_count"],
            "cooldown_days": data["cooldown_days"],
            "active": data["active"],
        }


def initial_for(rule: Rule) -> dict[str, Any]:
    return {
        "name_en": rule.name_en,
        "name_es": rule.name_es,
        "event_type": rule.event_type_id,
        "condition": json.dumps(rule.condition, indent=2, ensure_ascii=False),
        "aggregate": rule.aggregate,
        "aggregate_metric": rule.aggregate_metric,
        "aggregate_op": rule.aggregate_op or ">=",
        "aggregate_value": rule.aggregate_value,
        "window_days": rule.window_days,
        "min_count": rule.min_count,
        "cooldown_days": rule.cooldown_days,
        "active": rule.active,
    }


class EffectForm(forms.Form):
    """One row of effects; a row left without a kind is skipped."""

    kind = forms.ChoiceField(
        label=_("Effect"),
        choices=[("", _("None")), *RuleEffect.Kind.choices],
        required=False,
    )
    message_en = forms.CharField(
        label=_("Message (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    message_es = forms.CharField(
        label=_("Message (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    points = forms.IntegerField(label=_("Points"), min_value=0, required=False)
    badge_class = forms.ModelChoiceField(
        label=_("Badge"), queryset=selectors.badges_for_rules(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per form, not at import, so badges are sorted in the reader's language.
        badge_class = cast(forms.ModelChoiceField, self.fields["badge_class"])
        badge_class.queryset = selectors.badges_for_rules()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        filled = any(data.get(f) for f in ("message_en", "message_es", "points", "badge_class"))
        if not kind:
            if filled:
                self.add_error("kind", _("Choose the kind of effect, or clear this row."))
            return data
        if kind in (RuleEffect.Kind.FEEDBACK, RuleEffect.Kind.BREAK) and not (
            data.get("message_en", "").strip() or data.get("message_es", "").strip()
        ):
            self.add_error("message_en", _("Write the message the agent will read."))
        if kind == RuleEffect.Kind.POINTS and not data.get("points"):
            self.add_error("points", _("Give the number of points."))
        if kind == RuleEffect.Kind.BADGE and not data.get("badge_class"):
            self.add_error("badge_class", _("Choose the badge."))
        return data

    def effect(self) -> dict[str, Any] | None:
        """The row as ``save_rule`` takes it, keeping only what its kind uses."""
        data = self.cleaned_data
        kind = data.get("kind")
        if not kind:
            return None
        with_message = kind in (RuleEffect.Kind.FEEDBACK, RuleEffect.Kind.BREAK)
        return {
            "kind": kind,
            "message_en": data["message_en"].strip() if with_message else "",
            "message_es": data["message_es"].strip() if with_message else "",
            "points": (data["points"] or 0) if kind == RuleEffect.Kind.POINTS else 0,
            "badge_class": data["badge_class"] if kind == RuleEffect.Kind.BADGE else None,
        }


class BaseEffectFormSet(forms.BaseFormSet):
    def effects(self) -> list[dict[str, Any]]:
        return [e for e in (form.effect() for form in self.forms if form.cleaned_data) if e]


EffectFormSet = cast(
    type[BaseEffectFormSet],
    forms.formset_factory(
        EffectForm, formset=BaseEffectFormSet, extra=MAX_EFFECTS, max_num=MAX_EFFECTS
    ),
)

EFFECTS_PREFIX = "effects"


def effect_formset(data: Any = None, *, rule: Rule | None = None) -> BaseEffectFormSet:
    initial = (
        [
            {
                "kind": effect.kind,
                "message_en": effect.message_en,
                "message_es": effect.message_es,
                "points": effect.points or None,
                "badge_class": effect.badge_class_id,
            }
            for effect in rule.effects.all()
        ]
        if rule is not None
        else None
    )
    return EffectFormSet(data, prefix=EFFECTS_PREFIX, initial=initial)
