"""What a notification is about, as a person chooses where it reaches them (the grid on
"My notifications"). Apps keep writing their own ``kind`` strings (``feedback_praise``,
``redemption_approved``, …); each belongs to one ``NotificationKind`` here, and a person's
choices, HR's defaults and locks, the daily cap and collapsing all work per kind.

Kinds and channels are names, not imports: notifications knows nothing of the apps above
``people`` (docs/architecture.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

IN_APP = "in_app"
EMAIL = "email"
PUSH = "push"
SLACK = "slack"
# Channels a person can switch per kind; the inbox in Cuida always keeps everything.
PERSONAL_CHANNELS = (EMAIL, PUSH, SLACK)


@dataclass(frozen=True)
class NotificationKind:
    name: str
    label: Promise
    # Channels on when neither HR nor the person said otherwise.
    channels: frozenset[str] = frozenset()
    # Sent at once whatever the quiet hours, shift hours and daily cap say: either urgent or
    # already timed by its sender (the check-in reminder comes at the start of the shift).
    immediate: bool = False
    # About something the person did or asked for ("your reward was approved"): its e-mail
    # carries no unsubscribe link, and HR may lock it on.
    transactional: bool = False
    # Its text says something personal: chat and push carry only "you have news in Cuida".
    private: bool = False
    # Not worth sending once this old (seconds; a check-in reminder hours late helps nobody).
    expires_after: int | None = None
    # Raw ``Notification.kind`` strings of the apps that belong to this kind.
    raw_kinds: frozenset[str] = field(default_factory=frozenset)


KINDS: tuple[NotificationKind, ...] = (
    NotificationKind(
        "kudos", _("Kudos you receive"), frozenset({PUSH, SLACK}), raw_kinds=frozenset({"kudos"})
    ),
    NotificationKind(
        "badge", _("Badges you earn"), frozenset({PUSH, SLACK}), raw_kinds=frozenset({"badge"})
    ),
    NotificationKind(
        "feedback",
        _("Feedback on your work"),
        frozenset({PUSH}),
        raw_kinds=frozenset({"feedback_praise", "feedback_break", "feedback_compliment"}),
    ),
    NotificationKind(
        "reward",
        _("Decisions on your rewards"),
        frozenset({EMAIL, PUSH}),
        transactional=True,
        raw_kinds=frozenset(
            {
                "redemption_approved",
                "redemption_rejected",
                "redemption_fulfilled",
                "redemption_cancelled",
            }
        ),
    ),
    NotificationKind(
        "approval",
        _("Requests waiting for your decision"),
        frozenset({EMAIL}),
        raw_kinds=frozenset({"redemption_requested"}),
    ),
    NotificationKind(
        "training", _("Training"), frozenset({EMAIL}), raw_kinds=frozenset({"training"})
    ),
    NotificationKind(
        "career",
        _("Your career plan and promotions"),
        frozenset({EMAIL}),
        transactional=True,
        raw_kinds=frozenset({"career"}),
    ),
    NotificationKind(
        "chat_request",
        _("Someone asks you for a chat"),
        frozenset({EMAIL, PUSH}),
        immediate=True,
        private=True,
        raw_kinds=frozenset({"chat_request"}),
    ),
    NotificationKind(
        "check_in_reminder",
        _("Check-in reminders"),
        frozenset(),
        immediate=True,
        expires_after=3 * 3600,
        raw_kinds=frozenset({"check_in_reminder"}),
    ),
    NotificationKind(
        "digest",
        _("Weekly digest"),
        frozenset({EMAIL}),
        immediate=True,
        raw_kinds=frozenset({"digest"}),
    ),
    NotificationKind(
        "announcement",
        _("Company announcements"),
        frozenset({EMAIL}),
        raw_kinds=frozenset({"announcement"}),
    ),
)

KINDS_BY_NAME = {kind.name: kind for kind in KINDS}
_BY_RAW_KIND = {raw: kind for kind in KINDS for raw in kind.raw_kinds}


def kind_of(raw_kind: str) -> NotificationKind:
    """The kind a notification's ``kind`` string belongs to; ``ValueError`` for one no kind
    claims, so an app that invents a kind fails in its tests, not silently in production."""
    try:
        return _BY_RAW_KIND[raw_kind]
    except KeyError:
        raise ValueError(
            f"Notification kind {raw_kind!r} belongs to no NotificationKind."
        ) from None
