from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from notifications.messages import render_message


class GivingAllowance(models.Model):
    """Points a person may give away in one month; unused points expire with the month.

    The check constraint makes overspending impossible even if two kudos race.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="giving_allowances"
    )
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    limit = models.PositiveIntegerField(_("limit"))
    spent = models.PositiveIntegerField(_("spent"), default=0)

    class Meta:
        verbose_name = _("giving allowance")
        verbose_name_plural = _("giving allowances")
        constraints = [
            models.UniqueConstraint(fields=["user", "month"], name="one_allowance_per_month"),
            models.CheckConstraint(
                condition=Q(spent__lte=F("limit")), name="allowance_not_exceeded"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.month:%Y-%m}: {self.spent}/{self.limit}"

    @property
    def remaining(self) -> int:
        return self.limit - self.spent


class PointsBalance(models.Model):
    """The running total of one person's ledger, updated in the same transaction as each
    entry. ``manage.py verify_ledger`` proves it equals the sum of the entries."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="points_balance",
    )
    balance = models.IntegerField(_("balance"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("points balance")
        verbose_name_plural = _("points balances")
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="balance_never_negative")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.balance}"


class AppendOnlyError(Exception):
    pass


class LedgerEntryQuerySet(models.QuerySet["LedgerEntry"]):
    """The ledger is append-only: corrections are reversing entries, never edits."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Ledger entries cannot be updated; post a reversing entry.")

    def delete(self) -> Any:
        raise AppendOnlyError("Ledger entries cannot be deleted; post a reversing entry.")


class LedgerEntry(models.Model):
    class Kind(models.TextChoices):
        KUDOS = "kudos", _("Kudos received")
        REDEMPTION_HOLD = "redemption_hold", _("Reward requested")
        REDEMPTION_RELEASE = "redemption_release", _("Reward request returned")
        RULE = "rule", _("Recognition from your results")
        TRAINING = "training", _("Training completed")
        CORRECTION = "correction", _("Correction")

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    amount = models.IntegerField(_("points"))
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    reference_type = models.CharField(max_length=40, blank=True)
    reference_id = models.CharField(max_length=64, blank=True)
    idempotency_key = models.CharField(max_length=160, unique=True)
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    # ``memo`` is text as written (a reason typed by a lead, or, for entries written before
    # ``memo_key`` existed, a name in one language). ``memo_key`` and ``memo_params`` say the
    # same in a way every reader gets in their own language (``memo_text``); they are set
    # when the row is inserted and, like every column here, never updated.
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    memo_key = models.CharField(_("memo key"), max_length=60, blank=True)
    memo_params = models.JSONField(_("memo parameters"), default=dict, blank=True)
    # PROTECT, not SET_NULL: SET_NULL would need an UPDATE, which the ledger refuses.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_amount_not_zero")
        ]
        indexes = [models.Index(fields=["account", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.account} {self.amount:+d} ({self.kind})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Ledger entries cannot be updated; post a reversing entry.")
        # Always INSERT: a new instance carrying an existing pk would otherwise be saved as
        # an UPDATE of that row.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("Ledger entries cannot be deleted; post a reversing entry.")

    @property
    def memo_text(self) -> str:
        """The memo in the active language (the reader's, on a page or in the API)."""
        return render_message(self.memo_key, self.memo_params, fallback=self.memo)
