"""Role x endpoint matrix for the recognition API (design.md invariant 5), plus bad input
and pinned query counts."""

import pytest
from django.contrib.auth.models import Group

from recognition.models import BadgeClass, Kudos, LedgerEntry, Redemption, RewardItem
from recognition.services.kudos import give_kudos
from recognition.services.redemptions import approve_redemption, request_redemption

pytestmark = pytest.mark.django_db

API = "/api/v1/recognition"
PERSONAS = ["agent", "team_lead", "other_team_lead", "hr_admin", "anonymous"]


def as_persona(api_client, request, persona):  # type: ignore[no-untyped-def]
    if persona != "anonymous":
        api_client.force_authenticate(request.getfixturevalue(persona))
    return api_client


@pytest.fixture
def funded_agent(agent, teammate):  # type: ignore[no-untyped-def]
    """The agent with 80 points, thanked by a teammate."""
    give_kudos(
        giver=teammate,
        recipient_ids=[agent.pk],
        message="Thanks!",
        value_slugs=["teamwork"],
        points_each=80,
    )
    return agent


@pytest.fixture
def pending_redemption(funded_agent):  # type: ignore[no-untyped-def]
    item = RewardItem.objects.create(
        name_en="Extra paid break", name_es="Extra paid break", cost=30, stock=5
    )
    return request_redemption(user=funded_agent, item_id=item.pk)


@pytest.fixture
def badge(db):  # type: ignore[no-untyped-def]
    return BadgeClass.objects.create(
        slug="patience",
        name_en="Patience",
        name_es="Patience",
        description_en="Calm with hard calls.",
        description_es="Calm with hard calls.",
        criteria_en="Asked.",
        criteria_es="Asked.",
    )


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("agent", 200),
        ("team_lead", 200),
        ("other_team_lead", 200),
        ("hr_admin", 200),
        ("anonymous", 403),
    ],
)
@pytest.mark.parametrize(
    "path",
    [
        "values/",
        "kudos/",
        "points/",
        "points/ledger/",
        "badge-classes/",
        "badges/",
        "rewards/",
        "redemptions/",
        "leaderboard/",
    ],
)
def test_reading_endpoints_need_a_signed_in_person(api_client, request, persona, expected, path):
    response = as_persona(api_client, request, persona).get(f"{API}/{path}")

    assert response.status_code in ({401, 403} if expected == 403 else {expected})


@pytest.mark.parametrize(
    ("persona", "expected", "visible"),
    [
        ("agent", 403, None),
        ("team_lead", 200, 1),
        ("other_team_lead", 200, 0),
        ("hr_admin", 200, 1),
        ("anonymous", 403, None),
    ],
)
def test_approval_queue_by_role(
    api_client, request, persona, expected, visible, pending_redemption
):
    response = as_persona(api_client, request, persona).get(f"{API}/approvals/")

    assert response.status_code in ({401, 403} if expected == 403 else {expected})
    if visible is not None:
        assert response.json()["count"] == visible


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("agent", 403),  # the requester: nobody decides their own request
        ("team_lead", 200),
        ("other_team_lead", 404),
        ("hr_admin", 200),
        ("anonymous", 403),
    ],
)
@pytest.mark.parametrize("action", ["approve", "reject"])
def test_deciding_a_request_by_role(
    api_client, request, persona, expected, action, pending_redemption
):
    response = as_persona(api_client, request, persona).post(
        f"{API}/redemptions/{pending_redemption.pk}/{action}/", {"reason": "Not this month"}
    )

    assert response.status_code in ({401, 403} if expected == 403 else {expected})
    pending_redemption.refresh_from_db()
    if expected != 200:
        assert pending_redemption.status == Redemption.Status.PENDING


@pytest.mark.parametrize("action", ["approve", "reject", "fulfil"])
def test_hr_cannot_decide_their_own_request_over_the_api(
    api_client, pending_redemption, team_lead, action
):
    requester = pending_redemption.user
    requester.groups.add(Group.objects.get_or_create(name="HR")[0])
    if action == "fulfil":
        approve_redemption(actor=team_lead, redemption_id=pending_redemption.pk)
    pending_redemption.refresh_from_db()
    status_before = pending_redemption.status
    api_client.force_authenticate(requester)

    response = api_client.post(
        f"{API}/redemptions/{pending_redemption.pk}/{action}/",
        {"reason": "Mine"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 403
    assert "Nobody decides their own reward request" in response.json()["detail"]
    pending_redemption.refresh_from_db()
    assert pending_redemption.status == status_before
    assert not pending_redemption.user.ledger_entries.filter(kind="redemption_release").exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("agent", 200),
        ("team_lead", 404),
        ("other_team_lead", 404),
        ("hr_admin", 404),
        ("anonymous", 403),
    ],
)
def test_only_the_requester_can_cancel(api_client, request, persona, expected, pending_redemption):
    response = as_persona(api_client, request, persona).post(
        f"{API}/redemptions/{pending_redemption.pk}/cancel/"
    )

    assert response.status_code in ({401, 403} if expected == 403 else {expected})


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("agent", 403),
        ("team_lead", 201),
        ("other_team_lead", 404),
        ("hr_admin", 201),
        ("anonymous", 403),
    ],
)
def test_awarding_a_badge_by_role(api_client, request, persona, expected, badge, teammate):
    response = as_persona(api_client, request, persona).post(
        f"{API}/badge-awards/",
        {"badge": badge.slug, "recipient": teammate.pk, "evidence_text": "Stayed calm."},
    )

    assert response.status_code in ({401, 403} if expected == 403 else {expected})
    assert badge.awards.count() == (1 if expected == 201 else 0)


def test_hr_cannot_award_themselves_a_badge(api_client, hr_admin, badge):
    api_client.force_authenticate(hr_admin)

    response = api_client.post(
        f"{API}/badge-awards/",
        {"badge": badge.slug, "recipient": hr_admin.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 403
    assert "Nobody awards themselves a badge" in response.json()["detail"]
    assert not badge.awards.exists()


def test_giving_kudos_over_the_api_and_replaying_it(api_client, agent, teammate):
    api_client.force_authenticate(agent)
    payload = {
        "recipients": [teammate.pk],
        "message": "You saved my shift",
        "values": ["teamwork"],
        "points_each": 10,
    }

    first = api_client.post(f"{API}/kudos/", payload, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = api_client.post(f"{API}/kudos/", payload, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    other = api_client.post(
        f"{API}/kudos/",
        {**payload, "message": "Something else"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )

    assert first.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert other.status_code == 409
    assert Kudos.objects.count() == 1
    assert LedgerEntry.objects.filter(account=teammate).count() == 1
    points = api_client.get(f"{API}/points/").json()
    assert points["allowance_remaining"] == 90


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"recipients": "self"}, "recipients"),
        ({"message": ""}, "message"),
        ({"message": "x" * 1001}, "message"),
        ({"values": ["not-a-value"]}, "values"),
        ({"points_each": 101}, "points_each"),
        ({"points_each": -1}, "points_each"),
        ({"recipients": [999999]}, "recipients"),
    ],
)
def test_bad_kudos_are_4xx_with_field_errors_and_write_nothing(
    api_client, agent, teammate, change, field
):
    api_client.force_authenticate(agent)
    payload = {
        "recipients": [teammate.pk],
        "message": "Thanks",
        "values": ["empathy"],
        "points_each": 5,
        **change,
    }
    if payload["recipients"] == "self":
        payload["recipients"] = [agent.pk]

    response = api_client.post(f"{API}/kudos/", payload, format="json")

    assert 400 <= response.status_code < 500
    assert field in response.json()["errors"]
    assert not Kudos.objects.exists()
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize(
    ("setup", "status"),
    [("missing", 400), ("inactive", 400), ("out_of_stock", 409), ("too_expensive", 409)],
)
def test_bad_redemptions_are_refused_and_balances_untouched(
    api_client, funded_agent, setup, status
):
    item = RewardItem.objects.create(
        name_en="Half day off",
        name_es="Half day off",
        cost=500 if setup == "too_expensive" else 10,
        stock=0 if setup == "out_of_stock" else None,
        active=setup != "inactive",
    )
    api_client.force_authenticate(funded_agent)

    response = api_client.post(
        f"{API}/redemptions/", {"item": 999999 if setup == "missing" else item.pk}, format="json"
    )

    assert response.status_code == status
    assert response.json()["detail"]
    assert not Redemption.objects.exists()
    assert api_client.get(f"{API}/points/").json()["balance"] == 80


def test_approving_twice_is_a_conflict(api_client, team_lead, pending_redemption):
    api_client.force_authenticate(team_lead)

    first = api_client.post(f"{API}/redemptions/{pending_redemption.pk}/approve/")
    second = api_client.post(f"{API}/redemptions/{pending_redemption.pk}/approve/")

    assert first.status_code == 200
    assert second.status_code == 409


def test_leaderboard_lists_only_people_who_opted_in(api_client, agent, teammate, other_team_agent):
    give_kudos(
        giver=agent,
        recipient_ids=[teammate.pk, other_team_agent.pk],
        message="Gracias",
        value_slugs=["empathy"],
    )
    api_client.force_authenticate(teammate)
    api_client.post(f"{API}/leaderboard/opt-in/", {"opt_in": True}, format="json")

    rows = api_client.get(f"{API}/leaderboard/", {"value": "empathy"}).json()

    assert [r["person"]["id"] for r in rows] == [teammate.pk]
    assert api_client.get(f"{API}/leaderboard/", {"value": "teamwork"}).json() == []
    assert api_client.get(f"{API}/leaderboard/", {"period": "decade"}).status_code == 400


def test_kudos_feed_api_query_count_is_constant(
    api_client, agent, teammate, django_assert_max_num_queries
):
    def add(count):  # type: ignore[no-untyped-def]
        for _ in range(count):
            give_kudos(
                giver=agent, recipient_ids=[teammate.pk], message="Thanks", value_slugs=["empathy"]
            )

    api_client.force_authenticate(agent)
    add(3)
    with django_assert_max_num_queries(20) as small:
        api_client.get(f"{API}/kudos/")
    add(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = api_client.get(f"{API}/kudos/", {"page_size": 50})
    assert response.json()["count"] == 43


def test_the_ledger_schema_allows_the_null_it_answers_for_an_entry_that_reverses_nothing(
    api_client, funded_agent
):
    # given an entry that reverses nothing: the points of a kudos
    api_client.force_authenticate(funded_agent)

    # when the ledger and the schema are read
    entries = api_client.get(f"{API}/points/ledger/").json()["results"]
    schema = api_client.get("/api/schema/?format=json").json()

    # then the schema says what the answer shows: reverses may be null
    assert [entry["reverses"] for entry in entries] == [None]
    entry_schema = schema["components"]["schemas"]["LedgerListOutput"]
    assert entry_schema["properties"]["reverses"].get("nullable") is True


@pytest.mark.parametrize("value", ["a%00b", "%00", "not%20a%20slug"])
def test_a_leaderboard_value_that_is_no_slug_is_a_field_error(api_client, agent, value):
    # PostgreSQL cannot even compare text with a NUL in it: it must never reach the query.
    api_client.force_authenticate(agent)

    response = api_client.get(f"{API}/leaderboard/?period=year&value={value}")

    assert response.status_code == 400, response.content[:300]
    assert "value" in response.json()["errors"]
