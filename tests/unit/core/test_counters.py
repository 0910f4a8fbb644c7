"""The navigation's counters come from the cache, and are never behind what a person just
did."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.counters import UNREAD_NOTIFICATIONS, cached_count, counter_changed
from notifications.services import notify


def notification_queries(client, url="/"):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [
        q for q in queries.captured_queries if "notifications_notification" in q["sql"]
    ]


@pytest.fixture
def two_unread(agent):  # type: ignore[no-untyped-def]
    for n in range(2):
        notify(user=agent, kind="announcement", message=f"message {n}")
    return agent


def unread_badge(response) -> int:  # type: ignore[no-untyped-def]
    return response.context["unread_notifications"]()


def test_second_page_reads_the_unread_count_from_the_cache(client, two_unread):
    client.force_login(two_unread)

    first, first_queries = notification_queries(client)
    second, second_queries = notification_queries(client)

    assert unread_badge(first) == unread_badge(second) == 2
    assert first_queries
    assert not second_queries


def test_a_new_notification_shows_on_the_next_page(client, two_unread):
    client.force_login(two_unread)
    notification_queries(client)

    with transaction.atomic():
        notify(user=two_unread, kind="announcement", message="one more")
    response, _queries = notification_queries(client)

    assert unread_badge(response) == 3


def test_reading_everything_clears_the_badge_at_once(client, two_unread):
    client.force_login(two_unread)
    notification_queries(client)

    client.post(reverse("notifications:mark_all_read"))
    response, _queries = notification_queries(client)

    assert unread_badge(response) == 0


def test_a_count_taken_before_the_commit_is_forgotten_after_it(
    agent, django_capture_on_commit_callbacks
):
    """Another page counting while the writer's transaction is open caches the old number;
    the commit forgets it again."""
    with django_capture_on_commit_callbacks(execute=True):
        counter_changed(UNREAD_NOTIFICATIONS, user_ids=[agent.pk])
        cached_count(UNREAD_NOTIFICATIONS, user_id=agent.pk, count=lambda: 2)  # the old count

    assert cached_count(UNREAD_NOTIFICATIONS, user_id=agent.pk, count=lambda: 3) == 3


def test_a_queue_change_forgets_everybodys_count(agent, teammate):
    cached_count(UNREAD_NOTIFICATIONS, user_id=agent.pk, count=lambda: 4)
    cached_count(UNREAD_NOTIFICATIONS, user_id=teammate.pk, count=lambda: 4)

    counter_changed(UNREAD_NOTIFICATIONS)

    assert cached_count(UNREAD_NOTIFICATIONS, user_id=agent.pk, count=lambda: 1) == 1
    assert cached_count(UNREAD_NOTIFICATIONS, user_id=teammate.pk, count=lambda: 2) == 2


def test_counts_are_per_person(agent, teammate):
    cached_count(UNREAD_NOTIFICATIONS, user_id=agent.pk, count=lambda: 4)

    assert cached_count(UNREAD_NOTIFICATIONS, user_id=teammate.pk, count=lambda: 1) == 1
    assert cached_count(UNREAD_NOTIFICATIONS, user_id=agent.pk, count=lambda: 9) == 4
