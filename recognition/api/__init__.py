"""Recognition API, one module per entity: one view per operation, nested input/output
serializers, services do the work. Writes that create things accept an ``Idempotency-Key``
header. Each view declares who may call it (``people.permissions``' DRF classes)."""

from recognition.api.badges import (
    BadgeAwardCreateApi,
    BadgeAwardOutputSerializer,
    BadgeAwardRevokeApi,
    BadgeClassListApi,
    BadgeClassOutputSerializer,
    MyBadgeListApi,
    PersonBadgeListApi,
)
from recognition.api.common import IDEMPOTENCY_HEADER, PersonSerializer
from recognition.api.kudos import (
    KudosDetailApi,
    KudosListCreateApi,
    KudosOutputSerializer,
    KudosReactionApi,
    ValueListApi,
    ValueSerializer,
)
from recognition.api.points import LeaderboardApi, LeaderboardOptInApi, LedgerListApi, PointsApi
from recognition.api.rewards import (
    ApprovalQueueApi,
    RedemptionApproveApi,
    RedemptionCancelApi,
    RedemptionFulfilApi,
    RedemptionListCreateApi,
    RedemptionOutputSerializer,
    RedemptionRejectApi,
    RewardListApi,
)

__all__ = [
    "IDEMPOTENCY_HEADER",
    "ApprovalQueueApi",
    "BadgeAwardCreateApi",
    "BadgeAwardOutputSerializer",
    "BadgeAwardRevokeApi",
    "BadgeClassListApi",
    "BadgeClassOutputSerializer",
    "KudosDetailApi",
    "KudosListCreateApi",
    "KudosOutputSerializer",
    "KudosReactionApi",
    "LeaderboardApi",
    "LeaderboardOptInApi",
    "LedgerListApi",
    "MyBadgeListApi",
    "PersonBadgeListApi",
    "PersonSerializer",
    "PointsApi",
    "RedemptionApproveApi",
    "RedemptionCancelApi",
    "RedemptionFulfilApi",
    "RedemptionListCreateApi",
    "RedemptionOutputSerializer",
    "RedemptionRejectApi",
    "RewardListApi",
    "ValueListApi",
    "ValueSerializer",
]
