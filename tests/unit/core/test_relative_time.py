"""Relative times read "hace 2 minutos" / "2 minutes ago", and "ahora mismo" / "just now"
under a minute; never a bare "0 minutos" (issue 12, item 9)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from core.templatetags.cuida_time import relative_time
from notifications.services import notify
from recognition.services.kudos import give_kudos

NOW = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("seconds", "es", "en"),
    [
        (0, "ahora mismo", "just now"),
        (59, "ahora mismo", "just now"),
        (-5, "ahora mismo", "just now"),  # a clock a few seconds ahead
        (60, "hace 1 minuto", "1 minute ago"),
        (150, "hace 2 minutos", "2 minutes ago"),
        (3 * 3600 + 600, "hace 3 horas", "3 hours ago"),
        (9 * 86400, "hace 1 semana", "1 week ago"),
    ],
)
def test_relative_time_in_both_languages(seconds, es, en):
    when = NOW - dt.timedelta(seconds=seconds)
    for language, expected in (("es", es), ("en", en)):
        with translation.override(language):
            # timesince keeps the number and its unit together with a no-break space
            assert relative_time(when, now=NOW).replace("\xa0", " ") == expected


@pytest.mark.parametrize(
    ("language", "fresh", "later"),
    [("es", "ahora mismo", "hace 2 minutos"), ("en", "just now", "2 minutes ago")],
)
def test_the_feed_and_notifications_say_how_long_ago(
    client, agent, teammate, language, fresh, later
):
    # given kudos and a notification written at NOW
    agent.preferred_language = language
    agent.save(update_fields=["preferred_language"])
    with time_machine.travel(NOW, tick=False):
        give_kudos(
            giver=teammate, recipient_ids=[agent.pk], message="Gracias", value_slugs=["teamwork"]
        )
        notify(user=agent, kind="announcement", message="Hola")
    client.force_login(agent)

    for moment, phrase in (
        (NOW + dt.timedelta(seconds=20), fresh),
        (NOW + dt.timedelta(minutes=2, seconds=5), later),
    ):
        # when the agent looks at the feed and their notifications
        with time_machine.travel(moment, tick=False):
            pages = [
                client.get(reverse(name)).content.decode().replace("\xa0", " ")
                for name in ("recognition:feed", "notifications:list")
            ]

        # then both say the same phrase, never a bare count of minutes
        for page in pages:
            assert f">{phrase}</time>" in page
            assert ">0 minutos<" not in page
            assert ">0 minutes<" not in page
