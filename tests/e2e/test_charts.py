"""The wellbeing chart as a browser draws it, in Spanish (the default) and English: every
gridline and point lands inside the chart and the console stays quiet. In Spanish the
coordinates used to read "184,0": 76 to 166 console errors per page and no gridlines or points
(issue 12, item 3)."""

import datetime as dt

import pytest
from django.utils import timezone

from wellbeing.models import CheckIn

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DAYS_AGO = [0, 1, 2, 4, 7, 9, 12, 20, 29]


@pytest.mark.parametrize("language", ["es", "en"])
def test_history_chart_draws_every_point_without_console_errors(
    sign_in, agent, live_server, language
):
    # given nine check-ins over the last 30 days
    agent.preferred_language = language
    agent.save(update_fields=["preferred_language"])
    today = timezone.localdate()
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                user=agent,
                local_date=today - dt.timedelta(days=d),
                mood=1 + d % 5,
                energy=3,
                stress=2,
            )
            for d in DAYS_AGO
        ]
    )
    page = sign_in(agent)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # when the agent opens their history
    page.goto(f"{live_server.url}/wellbeing/history/?days=30")

    # then the browser read every gridline and point (a coordinate it cannot parse is 0)
    grid_y = page.eval_on_selector_all(
        "#history-chart-title >> xpath=.. >> line.grid", "ls => ls.map(l => l.y1.baseVal.value)"
    )
    dots = page.eval_on_selector_all(
        "#history-chart-title >> xpath=.. >> circle",
        "cs => cs.map(c => [c.cx.baseVal.value, c.cy.baseVal.value])",
    )
    assert len(set(grid_y)) == 5
    assert min(grid_y) > 0
    assert len(dots) == 3 * len(DAYS_AGO)
    assert all(x > 0 and y > 0 for x, y in dots)
    assert errors == []
