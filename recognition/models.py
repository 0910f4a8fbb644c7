from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import Bilingual, BilingualTag, TimeStampedModel
from notifications.messages import render_message

KUDOS_MESSAGE_MAX_LENGTH = 1000


class ValueTag(BilingualTag):
    """A company value kudos can celebrate (Empathy, First-contact resolution…); HR-managed."""

    description_en = models.CharField(_("description (English)"), max_length=200, blank=True)
    description_es = models.CharField(_("description (Spanish)"), max_length=200, blank=True)

    class Meta(BilingualTag.Meta):
        verbose_name = _("company value")
        verbose_name_plural = _("company values")

    @property
    def description(self) -> str:
        return self.localized("description")


class Kudos(models.Model):
    """A thank-you from one person to one or more colleagues, public in the feed."""

    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="kudos_given",
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("to"), related_name="kudos_received"
    )
    message = models.TextField(
        _("message"), validators=[MaxLengthValidator(KUDOS_MESSAGE_MAX_LENGTH)]
    )
    values = models.ManyToManyField(ValueTag, verbose_name=_("values"), related_name="kudos")
    points_each = models.PositiveIntegerField(_("points for each person"), default=0)
    interaction_ref = models.CharField(_("call, ticket or chat id"), max_length=120, blank=True)
    # A customer's compliment the agent chose to share (performance.services.feedback):
    # the agent is both the one sharing and the one praised, and no points move.
    from_customer = models.BooleanField(_("customer compliment"), default=False)
    # A client's retry key, unique per giver: two people may happen to pick the same key.
    idempotency_key = models.CharField(max_length=120, null=True, blank=True)
    request_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("given at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("kudos")
        verbose_name_plural = _("kudos")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["giver", "idempotency_key"], name="kudos_idempotency_key_per_giver"
            )
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.message[:40]}"


class Reaction(models.Model):
    class Emoji(models.TextChoices):
        CLAP = "clap", "👏"
        HEART = "heart", "❤️"
        STAR = "star", "⭐"
        SMILE = "smile", "😊"

    kudos = models.ForeignKey(Kudos, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kudos_reactions"
    )
    emoji = models.CharField(_("reaction"), max_length=12, choices=Emoji.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=["kudos", "user", "emoji"], name="one_reaction_each")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_emoji_display()}"


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


def badge_image_path(instance: BadgeClass, filename: str) -> str:
    return f"badges/{instance.slug}-{uuid.uuid4().hex[:8]}.png"


class BadgeClass(Bilingual, TimeStampedModel):
    """A badge people can earn. Names in both languages, like company values; the longer
    texts need Spanish, and an English text left empty reads as the Spanish one."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    description_en = models.TextField(
        _("description (English)"), blank=True, help_text=_("Empty: the Spanish text is shown.")
    )
    description_es = models.TextField(_("description (Spanish)"))
    criteria_en = models.TextField(
        _("how to earn it (English)"),
        blank=True,
        help_text=_("Empty: the Spanish text is shown."),
    )
    criteria_es = models.TextField(_("how to earn it (Spanish)"))
    image = models.ImageField(_("image"), upload_to=badge_image_path, blank=True)
    repeatable = models.BooleanField(
        _("can be earned more than once"),
        default=False,
        help_text=_("Off: a person holds this badge at most once."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["name_es"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def description(self) -> str:
        return self.localized("description")

    @property
    def criteria(self) -> str:
        return self.localized("criteria")


class BadgeAward(models.Model):
    """A badge given to a person; exported as an Open Badges 2.0 hosted assertion."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    badge_class = models.ForeignKey(
        BadgeClass, on_delete=models.PROTECT, related_name="awards", verbose_name=_("badge")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="badge_awards",
        verbose_name=_("recipient"),
    )
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("awarded by"),
        help_text=_("Empty when a rule awarded it."),
    )
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    # Copied from the badge class when awarded, so the database itself can refuse a second
    # live award of a one-per-person badge (see the constraint below).
    one_per_person = models.BooleanField(default=True, editable=False)
    idempotency_key = models.CharField(max_length=160, null=True, blank=True, unique=True)
    recipient_salt = models.CharField(max_length=32, editable=False)
    issued_on = models.DateTimeField(_("issued on"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(_("revocation reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("badge award")
        verbose_name_plural = _("badge awards")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["badge_class", "recipient"],
                condition=Q(one_per_person=True, revoked_at__isnull=True),
                name="one_live_award_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.badge_class} → {self.recipient}"


class RewardItem(Bilingual, TimeStampedModel):
    """Something agents can spend points on: a gift card, first pick of shifts, a half day off.

    Name and description in both languages, like company values (``Bilingual``)."""

    name_en = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    description_en = models.TextField(
        _("description (English)"), blank=True, help_text=_("Empty: the Spanish text is shown.")
    )
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    cost = models.PositiveIntegerField(_("cost in points"), validators=[MinValueValidator(1)])
    stock = models.PositiveIntegerField(
        _("stock"), null=True, blank=True, help_text=_("Empty means unlimited.")
    )
    image = models.ImageField(_("image"), upload_to="rewards/", blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["cost", "name_es"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gte=1), name="reward_cost_positive"),
            models.CheckConstraint(
                condition=Q(stock__isnull=True) | Q(stock__gte=0), name="reward_stock_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def description(self) -> str:
        return self.localized("description")


class Redemption(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for your lead")
        APPROVED = "approved", _("Approved, on its way")
        FULFILLED = "fulfilled", _("Delivered")
        REJECTED = "rejected", _("Not approved")
        CANCELLED = "cancelled", _("Cancelled")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="redemptions",
        verbose_name=_("person"),
    )
    item = models.ForeignKey(
        RewardItem, on_delete=models.PROTECT, related_name="redemptions", verbose_name=_("reward")
    )
    cost = models.PositiveIntegerField(_("points"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    idempotency_key = models.CharField(max_length=120, null=True, blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("reward request")
        verbose_name_plural = _("reward requests")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "requested_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "idempotency_key"], name="redemption_idempotency_key_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.item} · {self.status}"


class RecognitionProfile(models.Model):
    """Per-person recognition choices. Leaderboards show only people who opted in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recognition_profile"
    )
    leaderboard_opt_in = models.BooleanField(_("show me on leaderboards"), default=False)

    class Meta:
        verbose_name = _("recognition profile")
        verbose_name_plural = _("recognition profiles")

    def __str__(self) -> str:
        return f"{self.user}"
