"""HR run the programme from Cuida's own pages (issue 15): a company value, a badge with
its picture, a reward and a "lower is better" rule, all from forms; a tool posts calls
through the API; the agent hears about it, holds the badge and reads why."""

import datetime as dt
import io
import json
import urllib.request

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from performance.defaults import ensure_default_event_types
from performance.services.keys import create_api_key, create_integration

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def post_events(url, key, events):  # type: ignore[no-untyped-def]
    request = urllib.request.Request(  # noqa: S310 - the test's own live server
        url,
        data=json.dumps(events).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Api-Key {key}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def a_picture(path):  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (20, 120, 90)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_hr_builds_the_programme_from_forms_and_the_agent_reads_why(
    sign_in, live_server, hr_admin, agent, tmp_path
):
    ensure_default_event_types()  # a flushed test database lacks what migrations made
    page = sign_in(hr_admin)

    # when HR add a company value
    page.goto(f"{live_server.url}/recognition/hr/values/")
    page.fill("#id_name_en", "Patience")
    page.fill("#id_name_es", "Paciencia")
    page.get_by_role("button", name="Add value").click()
    expect(page.get_by_text("Patience").first).to_be_visible()

    # and a badge with its picture
    page.goto(f"{live_server.url}/recognition/hr/badges/new/")
    page.fill("#id_name_en", "Calm Under Pressure")
    page.fill("#id_name_es", "Calma bajo presión")
    page.fill("#id_description_en", "Kept calls short and kind for a whole week.")
    page.fill("#id_description_es", "Llamadas breves y amables durante toda una semana.")
    page.fill("#id_criteria_en", "A week of calls averaging five minutes or less.")
    page.fill("#id_criteria_es", "Una semana de llamadas de cinco minutos o menos de media.")
    page.set_input_files("#id_image", str(a_picture(tmp_path / "calm.jpg")))
    page.get_by_role("button", name="Create badge").click()
    expect(page.locator("img[src*='/media/']").first).to_be_visible()

    # and a reward
    page.goto(f"{live_server.url}/recognition/hr/rewards/new/")
    page.fill("#id_name_en", "An extra paid break")
    page.fill("#id_name_es", "Una pausa pagada extra")
    page.fill("#id_cost", "150")
    page.get_by_role("button", name="Add reward").click()
    expect(page.get_by_text("An extra paid break").first).to_be_visible()

    # and a "lower is better" rule, from rows: mean handle time ≤ 300 s over a week, ≥ 20 calls
    page.goto(f"{live_server.url}/performance/hr/rules/new/")
    page.fill("#id_name_en", "Calm and quick week")
    page.fill("#id_name_es", "Semana serena y ágil")
    page.select_option("#id_event_type", label="Call completed")
    expect(page.locator("#id_aggregate_metric option[value='handle_time_s']")).to_have_count(1)
    page.select_option("#id_aggregate", "mean")
    page.select_option("#id_aggregate_metric", "handle_time_s")
    page.select_option("#id_aggregate_op", "<=")
    page.fill("#id_aggregate_value", "300")
    page.fill("#id_window_days", "7")
    page.fill("#id_min_count", "20")
    page.select_option("#id_effects-0-kind", "feedback")
    page.fill(
        "#id_effects-0-message_en", "Your calls averaged {value} s this week: calm and quick."
    )
    page.fill(
        "#id_effects-0-message_es", "Tus llamadas duraron {value} s de media: serenidad y agilidad."
    )
    page.select_option("#id_effects-1-kind", "badge")
    page.select_option("#id_effects-1-badge_class", label="Calm Under Pressure")
    page.get_by_role("button", name="Save rule").click()
    expect(page.get_by_role("link", name="Calm and quick week")).to_be_visible()

    # and the editor, with its long metric names, fits a 360 px phone
    page.set_viewport_size({"width": 360, "height": 780})
    page.get_by_role("link", name="Calm and quick week").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 800})

    # when a simulated telephony tool posts 20 calls of about four minutes
    integration = create_integration(actor=None, name="Simulated telephony")
    _key, secret = create_api_key(actor=None, integration=integration)
    now = timezone.now()
    answer = post_events(
        f"{live_server.url}/api/v1/events/",
        secret,
        [
            {
                "external_id": f"call-{n}",
                "email": agent.email,
                "type": "call_completed",
                "occurred_at": (now - dt.timedelta(seconds=n + 1)).isoformat(),
                "metrics": {"handle_time_s": 240},
            }
            for n in range(20)
        ],
    )
    assert answer["accepted"] == 20

    # then the agent reads the feedback, holds the badge, and finds why
    page.context.clear_cookies()
    page = sign_in(agent)
    page.goto(f"{live_server.url}/performance/feedback/")
    expect(page.get_by_text("Your calls averaged 240 s this week: calm and quick.")).to_be_visible()
    page.goto(f"{live_server.url}/recognition/badges/")
    expect(page.get_by_text("Calm Under Pressure").first).to_be_visible()
    page.goto(f"{live_server.url}/performance/about-me/")
    expect(page.get_by_text("Call completed").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Handle time")
    expect(page.locator("main")).to_contain_text("Calm Under Pressure")
