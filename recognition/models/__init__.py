"""Recognition's tables, one module per entity; ``from recognition.models import X`` keeps
working for every model (and for the migrations' ``badge_image_path``)."""

from recognition.models.badges import BadgeAward, BadgeClass, badge_image_path
from recognition.models.kudos import KUDOS_MESSAGE_MAX_LENGTH, Kudos, Reaction, ValueTag
from recognition.models.points import (
    AppendOnlyError,
    GivingAllowance,
    LedgerEntry,
    LedgerEntryQuerySet,
    PointsBalance,
)
from recognition.models.profile import RecognitionProfile
from recognition.models.rewards import Redemption, RewardItem, reward_image_path

__all__ = [
    "KUDOS_MESSAGE_MAX_LENGTH",
    "AppendOnlyError",
    "BadgeAward",
    "BadgeClass",
    "GivingAllowance",
    "Kudos",
    "LedgerEntry",
    "LedgerEntryQuerySet",
    "PointsBalance",
    "Reaction",
    "RecognitionProfile",
    "Redemption",
    "RewardItem",
    "ValueTag",
    "badge_image_path",
    "reward_image_path",
]
