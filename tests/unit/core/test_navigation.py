"""The navigation marks the page you are on (``aria-current``), in the top bar and in each
section's own navigation."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _current_links(page: str) -> set[str]:
    """Addresses of the links marked current (filter tabs inside a page, "?kind=...", aside)."""
    return set(re.findall(r'<a[^>]*href="(/[^"]*)"[^>]*aria-current="page"', page))


@pytest.mark.parametrize(
    ("persona", "url_name", "marked"),
    [
        ("agent", "home", {"home"}),
        ("agent", "wellbeing:check_in", {"wellbeing:check_in"}),
        ("agent", "recognition:feed", {"recognition:feed"}),
        ("agent", "recognition:my_points", {"recognition:my_points"}),
        ("agent", "careers:my_plan", {"careers:my_plan"}),
        ("agent", "careers:catalog", {"careers:my_learning", "careers:catalog"}),
        ("agent", "performance:inbox", {"performance:inbox"}),
        ("agent", "notifications:list", {"notifications:list"}),
        ("team_lead", "recognition:approvals", {"recognition:approvals"}),
        ("team_lead", "people:lead_dashboard", {"people:lead_dashboard"}),
        ("hr_admin", "people:hr_people", {"people:hr_people"}),
        ("hr_admin", "performance:rules", {"performance:status", "performance:rules"}),
        (
            "hr_admin",
            "careers:promotion_queue",
            {"careers:promotion_queue"},  # the top bar and the careers tabs: one address
        ),
        ("hr_admin", "careers:hr_readiness", {"careers:hr_readiness"}),
    ],
)
def test_the_page_you_are_on_is_marked_current(client, persona, url_name, marked, request):
    client.force_login(request.getfixturevalue(persona))

    page = client.get(reverse(url_name)).content.decode()

    assert _current_links(page) == {reverse(name) for name in marked}
