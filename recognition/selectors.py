"""Reads for recognition. Kudos are public inside the company; points, requests and
private choices belong to their owner (and, for requests, to the owner's lead and HR)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import localized_column
from people.models import Membership, Role, User
from people.permissions import is_hr, require_not_self
from people.selectors import colleagues, get_roles
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
from recognition.permissions import can_award


def active_values() -> QuerySet[ValueTag]:
    return ValueTag.objects.filter(active=True).order_by("position", "slug")


def kudos_feed(*, viewer: User | None, team_id: int | None = None) -> QuerySet[Kudos]:
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


def reaction_summary(kudos: Kudos, *, viewer: User) -> list[dict[str, Any]]:
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


def allowance_month(*, now: dt.datetime | None = None) -> dt.date:
    """The first day of the current month in the organisation's time zone: the month whose
    giving allowance counts (``services.kudos.lock_allowance`` locks the same row)."""
    # The organisation's month, not the reader's (their zone is active in a request).
    organisation = timezone.get_default_timezone()
    return timezone.localtime(now or timezone.now(), organisation).date().replace(day=1)


def balance_of(*, user: User) -> int:
    return PointsBalance.objects.filter(user=user).values_list("balance", flat=True).first() or 0


def remaining_allowance(*, user: User, now: dt.datetime | None = None) -> int:
    allowance = GivingAllowance.objects.filter(user=user, month=allowance_month(now=now)).first()
    return allowance.remaining if allowance else settings.KUDOS_MONTHLY_ALLOWANCE


def ledger_of(*, user: User) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(account=user).order_by("-created_at", "-id")


def badges_of(*, user: User) -> QuerySet[BadgeAward]:
    return (
        BadgeAward.objects.filter(recipient=user, revoked_at__isnull=True)
        .select_related("badge_class", "awarded_by")
        .order_by("-issued_on")
    )


def active_badge_classes() -> QuerySet[BadgeClass]:
    return BadgeClass.objects.filter(active=True).order_by(localized_column("name"))


def awardable_people(*, actor: User) -> QuerySet[User]:
    """Whom ``actor`` may award: agents of the teams they lead; HR: every active person."""
    if is_hr(actor):
        return User.objects.filter(is_active=True).exclude(pk=actor.pk).order_by("display_name")
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.AGENT,
        memberships__team__in=get_roles(actor).led_team_ids,
    ).order_by("display_name")


def organisation_today() -> dt.date:
    """Today in the organisation's time zone: the day rewards' availability windows count
    in, whoever reads (the reader's zone is active in a request)."""
    return timezone.localdate(timezone.now(), timezone.get_default_timezone())


def available_now(*, today: dt.date | None = None) -> Q:
    """Rewards inside their availability window today (empty ends are open)."""
    today = today or organisation_today()
    return (Q(available_from__isnull=True) | Q(available_from__lte=today)) & (
        Q(available_until__isnull=True) | Q(available_until__gte=today)
    )


def catalog() -> QuerySet[RewardItem]:
    """What agents can ask for: active rewards inside their availability window."""
    return RewardItem.objects.filter(available_now(), active=True).order_by(
        "cost", localized_column("name")
    )


def get_catalog_item(*, pk: int) -> RewardItem:
    """An item one can ask for; 404 for an unknown or withdrawn one."""
    return get_object_or_404(catalog(), pk=pk)


def get_revocable_award(*, actor: User, pk: int) -> BadgeAward:
    """A live award ``actor`` may revoke (a lead of the recipient's team, or HR). 404 for
    anyone else's; 403 for one's own, with the reason (nobody decides about themselves)."""
    award = get_object_or_404(
        BadgeAward.objects.select_related("badge_class", "recipient"),
        pk=pk,
        revoked_at__isnull=True,
    )
    require_not_self(
        actor=actor,
        person=award.recipient_id,
        message=_("Nobody revokes their own badge: ask your lead or HR."),
    )
    if not can_award(actor=actor, recipient=award.recipient):
        raise Http404
    return award


def my_redemptions(*, user: User) -> QuerySet[Redemption]:
    return Redemption.objects.filter(user=user).select_related("item", "decided_by")


def approval_queue(
    *, viewer: User, statuses: tuple[str, ...] = ("pending", "approved")
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


def pending_approvals_count(*, viewer: User) -> int:
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


# --- Home page (recognition/home.py) -----------------------------------------------------

HOME_RECENT_DAYS = 7
HOME_RECENT_KUDOS = 3


def recent_kudos_received(
    *, user: User, days: int = HOME_RECENT_DAYS, limit: int = HOME_RECENT_KUDOS
) -> tuple[int, list[Kudos]]:
    """How many kudos ``user`` received in the last ``days`` days, and the newest few with
    their givers: two queries, whatever the number of kudos."""
    since = timezone.now() - dt.timedelta(days=days)
    received = Kudos.objects.filter(recipients=user, created_at__gte=since)
    newest = list(received.select_related("giver").order_by("-created_at", "-id")[:limit])
    count = len(newest) if len(newest) < limit else received.count()
    return count, newest


# --- The kudos composer's recipient search (recognition.views.recipient_search) -------------

RECIPIENT_SEARCH_MIN_LENGTH = 2
RECIPIENT_SEARCH_LIMIT = 8


def kudos_recipients(*, giver: User) -> QuerySet[User]:
    """Whom ``giver`` may thank: colleagues (people.selectors.colleagues) but themselves.
    ``give_kudos`` enforces the same rule for forged forms and the API."""
    return colleagues().exclude(pk=giver.pk).order_by("display_name", "email")


def search_kudos_recipients(
    *, giver: User, query: str, exclude_ids: Sequence[int] = (), limit: int = RECIPIENT_SEARCH_LIMIT
) -> tuple[list[User], bool]:
    """Up to ``limit`` people whose name (or e-mail) contains ``query``, without those
    already chosen, and whether there are more. Nothing below the minimum length."""
    query = query.strip()
    if len(query) < RECIPIENT_SEARCH_MIN_LENGTH:
        return [], False
    found = list(
        kudos_recipients(giver=giver)
        .filter(Q(display_name__icontains=query) | Q(email__icontains=query))
        .exclude(pk__in=list(exclude_ids))
        .only("id", "display_name", "email")[: limit + 1]
    )
    return found[:limit], len(found) > limit


def people_by_ids(*, ids: Sequence[int]) -> list[User]:
    """The people chosen so far in the composer, in the order they were chosen."""
    found = {u.pk: u for u in User.objects.filter(pk__in=list(ids), is_active=True)}
    return [found[pk] for pk in dict.fromkeys(ids) if pk in found]


# --- The weekly digest (recognition/digest.py): the person's own week, never anyone else's --

EARNING_KINDS = (LedgerEntry.Kind.KUDOS, LedgerEntry.Kind.RULE, LedgerEntry.Kind.TRAINING)


def kudos_received_between(
    *, user: User, start: dt.datetime, end: dt.datetime, limit: int
) -> tuple[int, list[Kudos]]:
    """Kudos others gave ``user`` in [start, end), oldest first, at most ``limit`` with
    their givers, and how many in all: one query, two when there are more."""
    received = Kudos.objects.filter(
        recipients=user, created_at__gte=start, created_at__lt=end
    ).exclude(giver=user)  # a customer compliment the agent shared themselves
    first = list(received.select_related("giver").order_by("created_at", "id")[: limit + 1])
    count = len(first) if len(first) <= limit else received.count()
    return count, first[:limit]


def badges_earned_between(
    *, user: User, start: dt.datetime, end: dt.datetime
) -> QuerySet[BadgeAward]:
    return (
        BadgeAward.objects.filter(
            recipient=user, issued_on__gte=start, issued_on__lt=end, revoked_at__isnull=True
        )
        .select_related("badge_class")
        .order_by("issued_on", "id")
    )


def points_earned_between(*, user: User, start: dt.datetime, end: dt.datetime) -> int:
    """Points that came in (kudos, results, training), not holds for rewards: one query."""
    earned = LedgerEntry.objects.filter(
        account=user,
        kind__in=EARNING_KINDS,
        amount__gt=0,
        created_at__gte=start,
        created_at__lt=end,
    ).aggregate(total=Sum("amount"))["total"]
    return earned or 0


# --- HR's catalog pages (recognition/hr_views): everything, retired too -------------------


def hr_values() -> QuerySet[ValueTag]:
    return ValueTag.objects.annotate(kudos_count=Count("kudos", distinct=True)).order_by(
        "-active", "position", "slug"
    )


def hr_badge_classes() -> QuerySet[BadgeClass]:
    live = Q(awards__revoked_at__isnull=True)
    return BadgeClass.objects.annotate(
        holders=Count("awards__recipient", filter=live, distinct=True)
    ).order_by("-active", localized_column("name"))


def hr_reward_items() -> QuerySet[RewardItem]:
    waiting = Q(redemptions__status__in=(Redemption.Status.PENDING, Redemption.Status.APPROVED))
    return RewardItem.objects.annotate(
        open_requests=Count("redemptions", filter=waiting, distinct=True)
    ).order_by("-active", "cost", localized_column("name"))
