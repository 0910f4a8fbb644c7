"""Page forms for performance. They parse input; the services hold the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import User
from performance import selectors
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

# The rule itself, its condition and guardrail rows: performance/rule_forms.py.


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
