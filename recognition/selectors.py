"""Reads for recognition. Kudos are public inside the company; points, requests and
private choices belong to their owner (and, for requests, to the owner's lead and HR)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from core.models import localized_column
from people.models import Membership, Role, User
from people.permissions import is_hr
from people.selectors import get_roles
from recognition.models import (
    BadgeAward,
    BadgeClass,
    GivingAllowance,
    Kudos,
    LedgerEntry,
    PointsBalance,
    Reaction,
    Redemption,
    RewardItem,
    ValueTag,
)
from recognition.services.kudos import allowance_month


def active_values() -> QuerySet[ValueTag]:
    return ValueTag.objects.filter(active=True).order_by("position", "slug")


def kudos_feed(*, viewer: Any, team_id: int | None = None) -> QuerySet[Kudos]:
    """Company feed, or one team's (kudos given or received by its agents). Fixed query
    count whatever the page size: everything shown is joined or prefetched."""
    feed = Kudos.objects.select_related("giver").prefetch_related(
        Prefetch("recipients", queryset=User.objects.only("id", "display_name", "email")),
        "values",
        Prefetch("reactions", queryset=Reaction.objects.only("id", "kudos_id", "user_id", "emoji")),
    )
    if team_id is not None:
        members = Membership.objects.filter(team_id=team_id, role=Role.AGENT).values("user_id")
        feed = feed.filter(Q(giver__in=members) | Q(recipients__in=members)).distinct()
    return feed.order_by("-created_at", "-id")


def get_kudos(*, pk: int) -> Kudos:
    kudos = kudos_feed(viewer=None).filter(pk=pk).first()
    if kudos is None:
        raise Http404
    return kudos


def reaction_summary(kudos: Kudos, *, viewer: Any) -> list[dict[str, Any]]:
    """Counts per emoji from the prefetched reactions, and whether the viewer reacted."""
    summary = []
    for emoji, label in Reaction.Emoji.choices:
        mine = [r for r in kudos.reactions.all() if r.emoji == emoji]
        summary.append(
            {
                "emoji": emoji,
                "label": label,
                "count": len(mine),
                "mine": any(r.user_id == viewer.pk for r in mine),
            }
        )
    return summary


def balance_of(*, user: Any) -> int:
    return PointsBalance.objects.filter(user=user).values_list("balance", flat=True).first() or 0


def remaining_allowance(*, user: Any, now: dt.datetime | None = None) -> int:
    allowance = GivingAllowance.objects.filter(user=user, month=allowance_month(now=now)).first()
    return allowance.remaining if allowance else settings.KUDOS_MONTHLY_ALLOWANCE


def ledger_of(*, user: Any) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(account=user).order_by("-created_at", "-id")


def badges_of(*, user: Any) -> QuerySet[BadgeAward]:
    return (
        BadgeAward.objects.filter(recipient=user, revoked_at__isnull=True)
        .select_related("badge_class", "awarded_by")
        .order_by("-issued_on")
    )


def active_badge_classes() -> QuerySet[BadgeClass]:
    return BadgeClass.objects.filter(active=True).order_by(localized_column("name"))


def awardable_people(*, actor: Any) -> QuerySet[User]:
    """Whom ``actor`` may award: agents of the teams they lead; HR: every active person."""
    if is_hr(actor):
        return User.objects.filter(is_active=True).exclude(pk=actor.pk).order_by("display_name")
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.AGENT,
        memberships__team__in=get_roles(actor).led_team_ids,
    ).order_by("display_name")


def catalog() -> QuerySet[RewardItem]:
    return RewardItem.objects.filter(active=True).order_by("cost", localized_column("name"))


def my_redemptions(*, user: Any) -> QuerySet[Redemption]:
    return Redemption.objects.filter(user=user).select_related("item", "decided_by")


def approval_queue(
    *, viewer: Any, statuses: tuple[str, ...] = ("pending", "approved")
) -> QuerySet[Redemption]:
    """Requests a lead can decide (their teams' agents); HR sees every team's — except
    their own, which someone else decides."""
    queue = (
        Redemption.objects.filter(status__in=statuses)
        .exclude(user_id=viewer.pk)
        .select_related("user", "item")
    )
    if is_hr(viewer):
        return queue.order_by("requested_at", "id")
    led = get_roles(viewer).led_team_ids
    if not led:
        return Redemption.objects.none()
    agents = Membership.objects.filter(team__in=led, role=Role.AGENT).values("user_id")
    return queue.filter(user__in=agents).order_by("requested_at", "id")


def pending_approvals_count(*, viewer: Any) -> int:
    return approval_queue(viewer=viewer, statuses=("pending",)).count()


LEADERBOARD_PERIODS = {"month": 31, "quarter": 92, "year": 366}


def leaderboard(
    *, period: str = "month", value_slug: str | None = None, limit: int = 20
) -> list[dict[str, Any]]:
    """Most-thanked people who opted in; nobody else ever appears."""
    since = timezone.now() - dt.timedelta(days=LEADERBOARD_PERIODS.get(period, 31))
    kudos = Q(kudos_received__created_at__gte=since)
    if value_slug:
        kudos &= Q(kudos_received__values__slug=value_slug)
    rows = (
        User.objects.filter(is_active=True, recognition_profile__leaderboard_opt_in=True)
        .annotate(
            kudos_count=Count("kudos_received", filter=kudos, distinct=True),
            points=Sum("kudos_received__points_each", filter=kudos),
        )
        .filter(kudos_count__gt=0)
        .order_by("-kudos_count", "display_name")[:limit]
    )
    return [{"user": user, "kudos": user.kudos_count, "points": user.points or 0} for user in rows]
