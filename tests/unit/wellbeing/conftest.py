import pytest

from people.models import Role
from tests.factories import MembershipFactory, UserFactory
from wellbeing import services


@pytest.fixture
def make_agents(team):  # type: ignore[no-untyped-def]
    """``make_agents(n, team=...)`` -> n new agents of the team."""

    def _make(count, *, of_team=None):  # type: ignore[no-untyped-def]
        return [
            MembershipFactory(team=of_team or team, role=Role.AGENT, user=UserFactory()).user
            for _ in range(count)
        ]

    return _make


@pytest.fixture
def check_in():  # type: ignore[no-untyped-def]
    """``check_in(user, mood=3, ...)`` records today's check-in through the service."""

    def _check_in(user, *, mood=3, energy=3, stress=3, tags=(), note="", shared=False, now=None):  # type: ignore[no-untyped-def]
        record, _created = services.record_check_in(
            user=user,
            mood=mood,
            energy=energy,
            stress=stress,
            tag_slugs=list(tags),
            note=note,
            shared_with_lead=shared,
            now=now,
        )
        return record

    return _check_in
