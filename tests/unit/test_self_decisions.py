"""Invariant 8: nobody decides about themselves — by any route.

Every person who can decide (a team lead, HR, someone in HR who also leads a team, a Django
superuser) is also an agent here, with their own reward requests, badge, endorsed promotion
and career plan. Each of them tries every self-decision route, page and API: each answers
403 (a kudos to oneself: 400 with a field error; a CSV import: the rows about the importer
are rejected) and writes nothing — no row, no ledger entry, no audit row, no notification.

``test_every_decision_route_is_tried`` keeps the list complete: a new route whose name
says it decides (approve, award, endorse…) must be added to ``SELF_ROUTES`` or, with the
reason, to ``NOT_ABOUT_ONESELF``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from careers.models import (
    CoachingNote,
    Enrollment,
    Level,
    LevelHistory,
    Promotion,
    TrainingPath,
)
from careers.services import plans, promotions, tracks, training
from core.models import AuditEvent
from notifications.models import Notification
from people.models import Membership, Role, User
from people.selectors import forget_roles
from performance.models import AgentMapping, Integration, PerformanceEvent
from recognition.models import BadgeAward, BadgeClass, Kudos, LedgerEntry, Redemption, RewardItem
from recognition.services.badges import award_badge
from recognition.services.redemptions import approve_redemption, request_redemption
from tests.factories import UserFactory
from tests.unit.test_url_walk import all_routes
from tests.unit.url_walk_world import grant_points

pytestmark = pytest.mark.django_db

DECIDERS = ("team_lead", "hr_admin", "hr_lead", "staff_user")
HR = {"hr_admin", "hr_lead"}
LEADS_OR_HR = {"team_lead", "hr_admin", "hr_lead"}
EVERYONE = set(DECIDERS)


@dataclass(frozen=True)
class Mine:
    """The decider's own things, as an agent of a team someone else leads."""

    me: User
    level: Level
    path: TrainingPath
    badge: BadgeClass
    award: BadgeAward
    pending: Redemption
    approved: Redemption
    promotion: Promotion
    integration: Integration


@dataclass(frozen=True)
class SelfRoute:
    name: str
    method: str
    args: Callable[[Mine], list[Any]]
    body: Callable[[Mine], dict[str, Any]]
    expected: int
    # Who holds the role the route asks for: they pass the role check, so the refusal
    # they read must be the self-decision's own message.
    says_nobody: set[str]

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")


def _me(m: Mine) -> list[Any]:
    return [m.me.pk]


def _none(m: Mine) -> list[Any]:
    return []


def _empty(m: Mine) -> dict[str, Any]:
    return {}


SELF_ROUTES = [
    # Setting one's own level
    SelfRoute("careers:hr_set_level", "post", _me, lambda m: {"level": m.level.pk}, 403, HR),
    # Awarding oneself a badge, revoking one's own
    SelfRoute(
        "recognition:award_badge",
        "post",
        _none,
        lambda m: {"badge_class": m.badge.pk, "recipient": m.me.pk},
        403,
        LEADS_OR_HR,
    ),
    SelfRoute(
        "api:recognition-award",
        "post",
        _none,
        lambda m: {"badge": m.badge.slug, "recipient": m.me.pk},
        403,
        LEADS_OR_HR,
    ),
    SelfRoute(
        "recognition:revoke_badge",
        "post",
        lambda m: [m.award.pk],
        lambda m: {"reason": "I prefer not"},
        403,
        EVERYONE,
    ),
    SelfRoute(
        "api:recognition-award-revoke",
        "post",
        lambda m: [m.award.pk],
        lambda m: {"reason": "I prefer not"},
        403,
        EVERYONE,
    ),
    # Deciding one's own reward requests
    *(
        SelfRoute(name, "post", args, body, 403, says)
        for page, api, args, body in [
            ("approve", "approve", lambda m: [m.pending.pk], _empty),
            ("reject", "reject", lambda m: [m.pending.pk], lambda m: {"reason": "Mine"}),
            ("fulfil", "fulfil", lambda m: [m.approved.pk], _empty),
        ]
        for name, says in [
            (f"recognition:{page}_redemption", LEADS_OR_HR),
            (f"api:recognition-redemption-{api}", EVERYONE),
        ]
    ),
    # One's own promotion: endorsing, deciding, withdrawing
    SelfRoute("careers:endorse", "post", _me, lambda m: {"confirm": "on"}, 403, EVERYONE),
    SelfRoute("api:careers-promotions", "post", _none, lambda m: {"agent": m.me.pk}, 403, EVERYONE),
    SelfRoute("careers:hr_promotion_approve", "post", lambda m: [m.promotion.pk], _empty, 403, HR),
    SelfRoute(
        "careers:hr_promotion_decline",
        "post",
        lambda m: [m.promotion.pk],
        lambda m: {"reason": "Not me"},
        403,
        HR,
    ),
    SelfRoute("api:careers-promotion-approve", "post", lambda m: [m.promotion.pk], _empty, 403, HR),
    SelfRoute(
        "api:careers-promotion-decline",
        "post",
        lambda m: [m.promotion.pk],
        lambda m: {"reason": "Not me"},
        403,
        HR,
    ),
    # Withdrawing is for the lead who endorsed; nobody leads their own team, so it is the
    # role check that refuses.
    SelfRoute("careers:withdraw", "post", lambda m: [m.promotion.pk], _empty, 403, set()),
    SelfRoute(
        "api:careers-promotion-withdraw", "post", lambda m: [m.promotion.pk], _empty, 403, set()
    ),
    # Assigning oneself training, coaching oneself
    SelfRoute("careers:assign_path", "post", _me, lambda m: {"path": m.path.pk}, 403, EVERYONE),
    SelfRoute(
        "api:careers-enrollments",
        "post",
        _none,
        lambda m: {"user": m.me.pk, "path": m.path.pk},
        403,
        LEADS_OR_HR,
    ),
    SelfRoute(
        "careers:add_coaching_note", "post", _me, lambda m: {"text": "Well done, me"}, 403, EVERYONE
    ),
    SelfRoute(
        "api:careers-plan-notes", "post", _me, lambda m: {"text": "Well done, me"}, 403, EVERYONE
    ),
    # Routing an integration's events (and their points) to oneself
    SelfRoute(
        "performance:agent_mapping_create",
        "post",
        lambda m: [m.integration.pk],
        lambda m: {"external_agent_id": "ME-1", "email": m.me.email},
        403,
        HR,
    ),
    # Thanking oneself with points: a field error, as documented for kudos
    SelfRoute(
        "recognition:give",
        "post",
        _none,
        lambda m: {
            "recipients": [m.me.pk],
            "message": "Me!",
            "values": ["teamwork"],
            "points_each": 5,
        },
        400,
        set(),
    ),
    SelfRoute(
        "api:recognition-kudos",
        "post",
        _none,
        lambda m: {
            "recipients": [m.me.pk],
            "message": "Me!",
            "values": ["teamwork"],
            "points_each": 5,
        },
        400,
        set(),
    ),
]

# Routes whose names sound like decisions but that decide nothing about oneself.
NOT_ABOUT_ONESELF = {
    "wellbeing:resolve_chat": "a lead marks their agent's chat request handled: no benefit",
    "performance:api_key_revoke": "keys belong to an integration, not to a person",
    "people:api_token_revoke": "revoking one's own access token gives nothing to anyone",
    "performance:csv_import_errors": "downloads the report of an import",
    "careers:private_notes": "the agent's own notes, which nobody else reads",
    "performance:csv_import": "tried in test_hr_cannot_import_events_about_themselves",
}
DECISION_WORDS = re.compile(
    r"approve|reject|fulfil|decline|endorse|award|revoke|set_level|assign|coaching|notes"
    r"|mapping|import|withdraw|resolve|promotions$|enrollments$|kudos$|give$"
)


def state() -> dict[str, Any]:
    """Everything a decision could write, as counts and states."""
    return {
        "levels": list(LevelHistory.objects.values_list("user", "level", "ended_at")),
        "awards": list(BadgeAward.objects.values_list("recipient", "badge_class", "revoked_at")),
        "redemptions": list(Redemption.objects.values_list("pk", "status", "decided_by")),
        "ledger": LedgerEntry.objects.count(),
        "promotions": list(Promotion.objects.values_list("pk", "status", "decided_by")),
        "enrollments": Enrollment.objects.count(),
        "coaching notes": CoachingNote.objects.count(),
        "mappings": AgentMapping.objects.count(),
        "events": PerformanceEvent.objects.count(),
        "kudos": Kudos.objects.count(),
        "audit": list(AuditEvent.objects.values_list("verb", flat=True)),
        "notifications": Notification.objects.count(),
    }


@pytest.fixture
def hr_lead(other_team):  # type: ignore[no-untyped-def]
    """Someone in HR who also leads a team."""
    user = UserFactory(display_name="Hanna HR Lead")
    user.groups.add(Group.objects.get_or_create(name="HR")[0])
    Membership.objects.create(user=user, team=other_team, role=Role.LEAD)
    return user


@pytest.fixture
def another_hr(db):  # type: ignore[no-untyped-def]
    user = UserFactory(display_name="Helga HR")
    user.groups.add(Group.objects.get_or_create(name="HR")[0])
    return user


def own_things(me, *, team, other_team, team_lead, other_team_lead, another_hr) -> Mine:  # type: ignore[no-untyped-def]
    # given the decider is also an agent of a team someone else leads
    leads_team = Membership.objects.filter(user=me, team=team, role=Role.LEAD).exists()
    own_team, own_lead = (other_team, other_team_lead) if leads_team else (team, team_lead)
    Membership.objects.create(user=me, team=own_team, role=Role.AGENT)
    forget_roles(me)
    # with points, a pending and an approved reward request
    grant_points(me, 100)
    item = RewardItem.objects.create(
        name_en="Half day off", name_es="Half day off", cost=20, stock=5
    )
    pending = request_redemption(user=me, item_id=item.pk)
    approved = request_redemption(user=me, item_id=item.pk)
    approve_redemption(actor=own_lead, redemption_id=approved.pk)
    # a badge another person in HR gave them, and one they do not hold
    held = BadgeClass.objects.create(
        slug="held",
        name_en="Held",
        name_es="Held",
        description_en="d",
        description_es="d",
        criteria_en="c",
        criteria_es="c",
    )
    award = award_badge(badge_class=held, recipient=me, awarded_by=another_hr)
    badge = BadgeClass.objects.create(
        slug="wanted",
        name_en="Wanted",
        name_es="Wanted",
        description_en="d",
        description_es="d",
        criteria_en="c",
        criteria_es="c",
    )
    # a level, a target and their lead's endorsement waiting for HR
    track = tracks.create_track(actor=another_hr, name_en="Service", name_es="Servicio")
    first = tracks.add_level(actor=another_hr, track=track, name_en="One", name_es="Uno")
    second = tracks.add_level(actor=another_hr, track=track, name_en="Two", name_es="Dos")
    promotions.set_level(actor=another_hr, agent=me, level=first)
    plans.set_target_level(actor=me, agent=me, level_id=second.pk)
    promotion = promotions.endorse(actor=own_lead, agent=me)
    path = training.create_path(actor=another_hr, name_en="Calm", name_es="Calma")
    training.add_module(actor=another_hr, path=path, title_en="One", title_es="Uno", body_en="x")
    integration = Integration.objects.create(name="Telephony")
    return Mine(
        me=me,
        level=second,
        path=path,
        badge=badge,
        award=award,
        pending=pending,
        approved=approved,
        promotion=promotion,
        integration=integration,
    )


@pytest.fixture
def mine(request, team, other_team, team_lead, other_team_lead, another_hr):  # type: ignore[no-untyped-def]
    def _mine(persona: str) -> Mine:
        return own_things(
            request.getfixturevalue(persona),
            team=team,
            other_team=other_team,
            team_lead=team_lead,
            other_team_lead=other_team_lead,
            another_hr=another_hr,
        )

    return _mine


def ask(client: Client, route: SelfRoute, things: Mine) -> Any:
    url = reverse(route.name, args=route.args(things))
    body = route.body(things)
    if route.is_api:
        return client.post(url, json.dumps(body), content_type="application/json")
    return client.post(url, body)


@pytest.mark.parametrize("persona", DECIDERS)
def test_nobody_decides_about_themselves_by_any_route(mine, persona):
    # given a decider with their own requests, badge, promotion and plan
    things = mine(persona)
    client = Client(headers={"accept-language": "en"})
    client.force_login(things.me)

    for route in SELF_ROUTES:
        before = state()

        # when they decide about themselves
        response = ask(client, route, things)

        # then the route refuses, says why when the role would have allowed it, and no
        # row, ledger entry, audit row or notification appears
        where = f"{persona}: POST {route.name}"
        assert response.status_code == route.expected, where
        if persona in route.says_nobody:
            assert "Nobody" in response.content.decode(), where
        assert state() == before, where


@pytest.mark.parametrize("persona", sorted(HR))
def test_hr_cannot_import_events_about_themselves(mine, persona):
    things = mine(persona)
    client = Client(headers={"accept-language": "en"})
    client.force_login(things.me)
    content = (
        "external_id,email,type,occurred_at,metric_score\n"
        f"me-1,{things.me.email},qa_review,2025-03-14T10:30:00-06:00,100\n"
    )
    before = {k: v for k, v in state().items() if k != "audit"}

    response = client.post(
        reverse("performance:csv_import"),
        {
            "integration": things.integration.pk,
            "file": SimpleUploadedFile("events.csv", content.encode(), content_type="text/csv"),
        },
    )

    result = response.context["result"]
    assert (result.accepted, result.rejected) == (0, 1)
    assert "Nobody imports events about themselves" in response.content.decode()
    assert {k: v for k, v in state().items() if k != "audit"} == before


def test_every_decision_route_is_tried():
    tried = {route.name for route in SELF_ROUTES}
    deciding = {
        route.name for route in all_routes() if route.is_ours and DECISION_WORDS.search(route.name)
    }

    assert deciding - tried - set(NOT_ABOUT_ONESELF) == set()
    assert tried <= {route.name for route in all_routes()}
