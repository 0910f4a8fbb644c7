"""Invariant 4, as an attacker tries it: no sum or difference of published trend numbers
may single out fewer than K people (design.md, Wellbeing).

Hypothesis builds teams of 1-12 people with weeks of check-ins and tags, publishes the
trends as beat would, then asks for them as a lead (or HR) can: every period, whole and
random date ranges, every tag, through the API and the page. Every number shown is
checked against the check-ins it claims to describe, and every sum and difference of up
to three of them is searched for a group of 1 to K-1 people.

Before the fix (trends computed per request over the asked range) it found, e.g.:
    week of 2026-05-25 - the same week filtered by "tired" = 4 people
    week of 2026-06-15 - Sunday 2026-06-21 = 4 people
"""

from __future__ import annotations

import datetime as dt
import os
import random
from html.parser import HTMLParser

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.throttling import SimpleRateThrottle

from people.models import Role
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.unit.wellbeing.disclosure import Published, find_leak
from wellbeing.models import CheckIn, MoodTag
from wellbeing.services.trends import publish_trends

pytestmark = pytest.mark.django_db

TAGS = ["tired", "proud", "tough-call"]
PERIODS = ["day", "week", "month"]
# CI runs a modest number; `CUIDA_DIFFERENCING_EXAMPLES=2000 pytest ...` searches harder.
EXAMPLES = int(os.environ.get("CUIDA_DIFFERENCING_EXAMPLES", "40"))


@st.composite
def histories(draw, *, teams=1):  # type: ignore[no-untyped-def]
    return {
        "team_sizes": draw(st.lists(st.integers(1, 12), min_size=teams, max_size=teams)),
        "weeks": draw(st.integers(1, 7)),
        # How often each person checks in: some never, some every day.
        "rates": draw(st.lists(st.sampled_from([0.0, 0.3, 0.6, 0.9, 1.0]), min_size=40)),
        "tag_rate": draw(st.sampled_from([0.0, 0.3, 0.7])),
        # Check-ins their authors shared with their lead, who reads them one by one.
        "share_rate": draw(st.sampled_from([0.0, 0.0, 0.1, 0.3])),
        "seed": draw(st.integers(0, 2**32 - 1)),
        "first_monday": dt.date(2026, 4, 27) + dt.timedelta(weeks=draw(st.integers(0, 8))),
        # When the attacker looks: some of the last weeks may still be in progress.
        "days_after": draw(st.integers(0, 10)),
    }


requests = st.lists(
    st.tuples(
        st.sampled_from(PERIODS),
        st.integers(0, 50),  # date_from, days after the first day
        st.integers(0, 50),  # date_to, days after date_from
        st.sampled_from([None, *TAGS]),
    ),
    max_size=8,
)


def _make_history(spec):  # type: ignore[no-untyped-def]
    """Teams, their lead, agents and check-ins; returns (teams, leads, days)."""
    rng = random.Random(spec["seed"])  # noqa: S311 - test data, not security
    tags = {t.slug: t for t in MoodTag.objects.filter(slug__in=TAGS)}
    days = [spec["first_monday"] + dt.timedelta(days=i) for i in range(7 * spec["weeks"])]
    rates = iter(spec["rates"])
    teams, leads, rows = [], [], []
    for size in spec["team_sizes"]:
        team = TeamFactory()
        teams.append(team)
        leads.append(MembershipFactory(team=team, role=Role.LEAD).user)
        for _ in range(size):
            person = MembershipFactory(team=team, role=Role.AGENT, user=UserFactory()).user
            rate = next(rates)
            rows += [
                CheckIn(
                    user=person,
                    team=team,
                    local_date=day,
                    mood=rng.randint(1, 5),
                    energy=rng.randint(1, 5),
                    stress=rng.randint(1, 5),
                    shared_with_lead=(shared := rng.random() < spec["share_rate"]),
                    ever_shared=shared,
                )
                for day in days
                if rng.random() < rate
            ]
    CheckIn.objects.bulk_create(rows)
    CheckIn.tags.through.objects.bulk_create(
        [
            CheckIn.tags.through(checkin_id=row.pk, moodtag_id=tags[slug].pk)
            for row in rows
            for slug in TAGS
            if rng.random() < spec["tag_rate"]
        ]
    )
    return teams, leads, days


class Universe:
    """Every check-in as one bit; what the attacker needs to name a published set."""

    def __init__(self) -> None:
        self.check_ins = list(CheckIn.objects.prefetch_related("tags").order_by("pk"))
        self.bit = {c.pk: 1 << i for i, c in enumerate(self.check_ins)}
        people: dict[int, int] = {}
        for c in self.check_ins:
            people[c.user_id] = people.get(c.user_id, 0) | self.bit[c.pk]
        self.person_masks = list(people.values())

    def mask(self, *, teams, start, end):  # type: ignore[no-untyped-def]
        """A window's check-ins, as the API describes them: not those shared with a lead."""
        return sum(
            self.bit[c.pk]
            for c in self.check_ins
            if c.team_id in teams and start <= c.local_date <= end and not c.ever_shared
        )

    def shared(self, *, teams):  # type: ignore[no-untyped-def]
        """What the teams' lead reads one by one: each shared check-in."""
        return [
            Published(f"shared check-in {c.pk} of {c.local_date}", self.bit[c.pk])
            for c in self.check_ins
            if c.team_id in teams and c.shared_with_lead
        ]

    def truth(self, mask, *, tag):  # type: ignore[no-untyped-def]
        chosen = [c for c in self.check_ins if self.bit[c.pk] & mask]
        n = len(chosen)
        uses = sum(1 for c in chosen if tag in {t.slug for t in c.tags.all()}) if tag else None
        return {
            "respondents": len({c.user_id for c in chosen}),
            "mood_distribution": [sum(1 for c in chosen if c.mood == v) for v in range(1, 6)],
            "mood": round(sum(c.mood for c in chosen) / n, 2),
            "energy": round(sum(c.energy for c in chosen) / n, 2),
            "stress": round(sum(c.stress for c in chosen) / n, 2),
            "tag_uses": uses if uses is None or uses >= 2 else None,
        }


class TrendTable(HTMLParser):
    """The rows of the trend page's table, read from their unlocalised data attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if tag == "tr" and any(name == "data-start" for name, _v in attrs):
            self.rows.append({name[5:]: value or "" for name, value in attrs})


def _page_windows(client, url, params):  # type: ignore[no-untyped-def]
    response = client.get(url, params)
    assert response.status_code == 200
    table = TrendTable()
    table.feed(response.content.decode())
    return {row["start"]: row for row in table.rows}


def _same_as_page(window, row):  # type: ignore[no-untyped-def]
    assert row["state"] == window["state"]
    if window["state"] == "shown":
        assert int(row["respondents"]) == window["respondents"]
        assert [float(row[key]) for key in ("mood", "energy", "stress")] == [
            window["mood"],
            window["energy"],
            window["stress"],
        ]
        assert [int(n) for n in row["distribution"].split(",")] == window["mood_distribution"]


def collect(*, api_client, client, viewer, url, teams, universe, asked, first, last, today):  # type: ignore[no-untyped-def]
    """Everything ``viewer`` can read at ``url``: (label, mask) of each shown window."""
    api_client.force_authenticate(viewer)
    client.force_login(viewer)
    # Whole history for every period and tag (the page too), then the drawn requests.
    asked_all = {
        (period, first, min(last, today), tag) for period in PERIODS for tag in [None, *TAGS]
    }
    asked_all |= {
        (period, first + dt.timedelta(days=a), min(first + dt.timedelta(days=a + b), today), tag)
        for period, a, b, tag in asked
    }
    seen: dict[tuple[str, str], dict] = {}
    published = []
    for period, date_from, date_to, tag in sorted(asked_all, key=str):
        if date_from > date_to or (date_to - date_from).days >= 366:
            continue
        params = {"period": period, "date_from": date_from, "date_to": date_to}
        if tag:
            params["tag"] = tag
        response = api_client.get(url["api"], params)
        assert response.status_code == 200, response.content
        report = response.json()
        whole = (date_from, date_to) == (first, min(last, today))
        page = _page_windows(client, url["page"], params) if whole else None
        for window in report["windows"]:
            start, end = (dt.date.fromisoformat(window[key]) for key in ("start", "end"))
            # The range picks whole windows; it never cuts one.
            assert date_from <= start <= end <= date_to
            if page is not None:
                _same_as_page(window, page[window["start"]])
            if window["state"] != "shown":
                assert window["respondents"] is window["mood"] is None
                continue
            mask = universe.mask(teams=teams, start=start, end=end)
            truth = universe.truth(mask, tag=tag)
            assert {key: window[key] for key in truth} == truth, (params, window)
            assert window["respondents"] >= report["min_group_size"]
            # The same window reads the same whoever asks and however.
            numbers = {key: window[key] for key in truth if key != "tag_uses"}
            assert seen.setdefault((period, window["start"]), numbers) == numbers
            published.append(Published(f"{period} {window['start']} ({params})", mask))
    return published


@pytest.fixture
def no_throttles(monkeypatch):  # type: ignore[no-untyped-def]
    """An attacker is patient: rate limits only slow them down, so they are lifted here."""
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda *args: True)


HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@HYPOTHESIS
@given(spec=histories(), asked=requests)
def test_a_lead_cannot_difference_their_team_below_k(api_client, client, no_throttles, spec, asked):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        (team,), (lead,), days = _make_history(spec)
        now = dt.datetime.combine(
            days[-1] + dt.timedelta(days=spec["days_after"]), dt.time(18), tzinfo=dt.UTC
        )
        with time_machine.travel(now, tick=False):
            publish_trends()
            universe = Universe()
            published = collect(
                api_client=api_client,
                client=client,
                viewer=lead,
                url={
                    "api": f"/api/v1/wellbeing/teams/{team.pk}/trends/",
                    "page": f"/wellbeing/teams/{team.pk}/",
                },
                teams={team.pk},
                universe=universe,
                asked=asked,
                first=days[0],
                last=days[-1],
                today=now.date(),
            )
        shared = universe.shared(teams={team.pk})
        leak = find_leak(
            published + shared,
            person_masks=universe.person_masks,
            k=5,
            consented=sum(item.mask for item in shared),
        )
        transaction.set_rollback(True)
    assert leak is None, str(leak)


@HYPOTHESIS
@given(spec=histories(teams=3), asked=requests)
def test_hr_who_also_lead_cannot_difference_company_and_team_below_k(
    api_client, client, no_throttles, spec, asked
):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        teams, leads, days = _make_history(spec)
        hr_lead = leads[0]
        hr_lead.groups.add(Group.objects.get_or_create(name="HR")[0])
        now = dt.datetime.combine(
            days[-1] + dt.timedelta(days=spec["days_after"]), dt.time(18), tzinfo=dt.UTC
        )
        with time_machine.travel(now, tick=False):
            publish_trends()
            universe = Universe()
            common = {
                "api_client": api_client,
                "client": client,
                "viewer": hr_lead,
                "universe": universe,
                "asked": asked,
                "first": days[0],
                "last": days[-1],
                "today": now.date(),
            }
            company = collect(
                url={
                    "api": "/api/v1/wellbeing/company/trends/",
                    "page": "/wellbeing/company/",
                },
                teams={t.pk for t in teams[1:]},
                **common,
            )
            own_team = collect(
                url={
                    "api": f"/api/v1/wellbeing/teams/{teams[0].pk}/trends/",
                    "page": f"/wellbeing/teams/{teams[0].pk}/",
                },
                teams={teams[0].pk},
                **common,
            )
        shared = universe.shared(teams={teams[0].pk})
        leak = find_leak(
            company + own_team + shared,
            person_masks=universe.person_masks,
            k=5,
            consented=sum(item.mask for item in shared),
        )
        transaction.set_rollback(True)
    assert leak is None, str(leak)
