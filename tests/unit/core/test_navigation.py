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


def _nav(page: str) -> str:
    return page.split('<nav class="nav"', 1)[1].split("</nav>", 1)[0]


def test_the_cached_navigation_follows_page_role_and_language(client, agent, team_lead):
    """The top bar is rendered once per roles, language, page and counts, then read from
    the cache: walking pages, switching people and languages never shows someone else's."""
    agent.preferred_language = "es"
    agent.save(update_fields=["preferred_language"])
    client.force_login(agent)
    home = _nav(client.get(reverse("home")).content.decode())
    feed = _nav(client.get(reverse("recognition:feed")).content.decode())
    agent.preferred_language = "en"
    agent.save(update_fields=["preferred_language"])
    english = _nav(client.get(reverse("recognition:feed")).content.decode())
    client.force_login(team_lead)
    lead = _nav(client.get(reverse("home")).content.decode())

    assert f'href="{reverse("home")}" aria-current="page"' in home
    assert f'href="{reverse("recognition:feed")}" aria-current="page"' in feed
    assert 'aria-current="page"' not in feed.split(reverse("recognition:feed"))[0]
    assert "Inicio" in feed
    assert reverse("recognition:approvals") not in home
    assert reverse("recognition:approvals") in lead
    assert reverse("performance:inbox") not in lead
    assert reverse("performance:inbox") in home
    assert ">Home</a>" in english
    assert "Inicio" not in english
