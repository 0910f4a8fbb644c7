"""Page forms for recognition. They parse input; the services hold the rules."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.forms import ListedModelMultipleChoiceField, ModelMultipleIdField
from people.models import User
from recognition import selectors
from recognition.models import KUDOS_MESSAGE_MAX_LENGTH, Redemption


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class IdempotencyKeyField(forms.CharField):
    """A hidden key rendered with the form, so a double-click or a re-sent POST is applied
    once (the services return the first result for a repeated key)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)


class _OfferedChoices(ModelChoiceIterator):
    """Iterates ``offered`` for the widget while the field validates against its queryset."""

    def __init__(self, field: forms.ModelChoiceField, offered: QuerySet[User]) -> None:
        super().__init__(field)
        self.queryset = offered


# Quick point amounts of the composer (radio chips); those above the giver's remaining
# allowance are not offered. The API takes any whole number.
QUICK_POINTS = (0, 5, 10, 20)


class KudosForm(forms.Form):
    """The kudos composer. Recipients are chosen by search (recognition.views
    .recipient_search) and arrive as ticked ``recipients`` checkboxes; the form accepts any
    active person so that a forged choice (oneself, an admin account) reaches
    ``give_kudos``, which explains why it is refused."""

    recipients = ModelMultipleIdField(
        label=_("Who do you want to thank?"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Type at least two letters of a name and choose; you can add several people."),
        error_messages={"required": _("Choose at least one colleague to thank.")},
    )
    message = forms.CharField(
        label=_("What did they do?"),
        max_length=KUDOS_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what they did: a message is required.")},
    )
    values = ListedModelMultipleChoiceField(
        label=_("Which company values did they show?"),
        queryset=selectors.active_values(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one company value.")},
    )
    points_each = forms.IntegerField(
        label=_("Points for each person"),
        min_value=0,
        initial=0,
        required=False,
        widget=forms.RadioSelect,
    )
    interaction_ref = forms.CharField(
        label=_("Call, ticket or chat id"),
        max_length=120,
        required=False,
        help_text=_("Helps everyone find the moment you are thanking them for."),
    )
    idempotency_key = IdempotencyKeyField()

    def __init__(self, *args: Any, giver: User, remaining: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.remaining = remaining
        self.fields["points_each"].help_text = ngettext(
            "You have %(count)s point left to give this month.",
            "You have %(count)s points left to give this month.",
            remaining,
        ) % {"count": remaining}
        self.fields["points_each"].widget.choices = [
            (amount, str(amount)) for amount in QUICK_POINTS if amount <= remaining
        ]
        recipients = cast(forms.ModelMultipleChoiceField, self.fields["recipients"])
        recipients.queryset = User.objects.filter(is_active=True)

    def clean_points_each(self) -> int:
        return self.cleaned_data.get("points_each") or 0


class LeaderboardOptInForm(forms.Form):
    # Sent by a hidden input ("1" or "0"); a checkbox widget would read "0" as ticked.
    opt_in = forms.BooleanField(
        label=_("Show me on leaderboards"), required=False, widget=forms.HiddenInput
    )


PERIOD_CHOICES = [
    ("month", _("Past month")),
    ("quarter", _("Past three months")),
    ("year", _("Past year")),
]


class LeaderboardFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    value = forms.ChoiceField(label=_("Company value"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["value"]).choices = [("", _("All values"))] + [
            (v.slug, v.name) for v in selectors.active_values()
        ]

    def filters(self) -> dict[str, Any]:
        return {
            "period": self.cleaned_data.get("period") or "month",
            "value_slug": self.cleaned_data.get("value") or None,
        }


class AwardBadgeForm(forms.Form):
    badge_class = forms.ModelChoiceField(
        label=_("Badge"), queryset=selectors.active_badge_classes(), empty_label=_("Choose…")
    )
    recipient = forms.ModelChoiceField(
        label=_("Person"), queryset=User.objects.none(), empty_label=_("Choose…")
    )
    evidence_text = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What they did to earn it. Anyone with the badge link can read this."),
    )
    evidence_url = forms.URLField(
        label=_("Evidence link"),
        required=False,
        assume_scheme="https",
    )
    idempotency_key = IdempotencyKeyField()

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per form, not at import, so badges are sorted in the reader's language.
        badge_class = cast(forms.ModelChoiceField, self.fields["badge_class"])
        badge_class.queryset = selectors.active_badge_classes()
        field = cast(forms.ModelChoiceField, self.fields["recipient"])
        offered = selectors.awardable_people(actor=actor)
        # Choosing yourself (a tampered form) must reach ``award_badge``, which explains why
        # it is refused; the list offers only the people the actor may award.
        field.queryset = User.objects.filter(
            Q(pk__in=offered.values("pk")) | Q(pk=actor.pk)
        ).order_by("display_name", "email")
        field.widget.choices = _OfferedChoices(field, offered)
        self.fields["recipient"].help_text = _(
            "Team leads can award the agents of their teams; HR can award anyone."
        )


class IdempotentActionForm(forms.Form):
    """A POST button that carries only its idempotency key."""

    idempotency_key = IdempotencyKeyField()


class RejectRedemptionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=Redemption._meta.get_field("reason").max_length,
        error_messages={"required": _("Tell the person why: a reason is required.")},
    )
