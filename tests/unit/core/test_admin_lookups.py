"""The Django admin filters only on what its list offers. A query string such as
``?private_notes__startswith=I`` must never show or hide a row: answered by rows that appear
or vanish, 157 requests recovered the start of an agent's private career notes."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin import FieldListFilter, SimpleListFilter, site
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth.models import Group
from django.db import models
from django.http import HttpResponse
from django.urls import reverse

from careers.models import CareerPlan
from careers.services import plans
from core.models import AuditEvent
from performance.models import ApiKey
from performance.services.keys import create_api_key, create_integration
from wellbeing.models import ChatRequest

pytestmark = pytest.mark.django_db

# Each kind of probe that answered the attacker: presence, prefix, equality, membership.
PROBES = {"isnull": "False", "startswith": "x", "exact": "1", "in": "1,2"}

# (model label, field) pairs whose content is for one person, or a secret: never searchable.
PRIVATE_FIELDS = {
    ("careers.CareerPlan", "private_notes"),
    ("wellbeing.CheckIn", "note"),
    ("performance.ApiKey", "key_hash"),
    ("people.User", "password"),
    ("people.ApiToken", "key_hash"),
    ("socialaccount.SocialToken", "token"),
    ("socialaccount.SocialToken", "token_secret"),
    ("socialaccount.SocialApp", "secret"),
    ("mfa.Authenticator", "data"),
}


def changelist_url(model: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def refused(response: HttpResponse) -> bool:
    """Django's two answers to a lookup it does not allow; neither says whether rows match."""
    if response.status_code == 400:
        return True
    return response.status_code == 302 and "e=1" in response["Location"]


def offered_parameters(model_admin: Any, request: Any) -> set[str]:
    """The query parameters the changelist's own filters and date hierarchy use, asked of
    Django's filter classes themselves (the same way the changelist builds them)."""
    offered: set[str] = set()
    for item in model_admin.get_list_filter(request):
        if isinstance(item, type) and issubclass(item, SimpleListFilter):
            spec = item(request, {}, model_admin.model, model_admin)
        else:
            path, filter_class = (
                item if isinstance(item, list | tuple) else (item, FieldListFilter.create)
            )
            field = get_fields_from_path(model_admin.model, path)[-1]
            spec = filter_class(field, request, {}, model_admin.model, model_admin, field_path=path)
        offered.update(spec.expected_parameters())
    if model_admin.date_hierarchy:
        offered.update(f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    return offered


def test_private_career_notes_cannot_be_guessed_through_a_filter(client, admin_user, agent):
    # given an agent's private notes, which the admin never shows
    plans.set_private_notes(user=agent, text="I am thinking of leaving")
    client.force_login(admin_user)
    url = changelist_url(CareerPlan)

    # when a superuser probes the first letter, right and wrong
    right = client.get(url, {"private_notes__startswith": "I"})
    wrong = client.get(url, {"private_notes__startswith": "Z"})

    # then both are refused alike: nothing tells the guesses apart
    assert refused(right), right.status_code
    assert refused(wrong), wrong.status_code


def test_who_asked_their_lead_for_a_chat_cannot_be_listed_in_the_admin(
    client, admin_user, agent, teammate
):
    ChatRequest.objects.create(user=agent)
    client.force_login(admin_user)

    response = client.get(reverse("admin:people_user_changelist"), {"chat_requests__isnull": "0"})

    assert refused(response), response.status_code


def test_an_api_key_hash_cannot_be_guessed_through_a_filter(client, admin_user, hr_admin):
    integration = create_integration(actor=hr_admin, name="Telephony")
    key, _secret = create_api_key(actor=hr_admin, integration=integration)
    client.force_login(admin_user)

    response = client.get(changelist_url(ApiKey), {"key_hash__startswith": key.key_hash[0]})

    assert refused(response), response.status_code


def test_no_query_string_filters_any_admin_on_a_field_its_list_does_not_offer(
    client, admin_user, rf
):
    # given a superuser, who may open every changelist
    client.force_login(admin_user)
    request = rf.get("/")
    request.user = admin_user
    answered = []

    # when every field of every registered model (reverse relations too) is probed
    for model, model_admin in site._registry.items():
        url = changelist_url(model)
        offered = offered_parameters(model_admin, request)
        for field in model._meta.get_fields():
            for lookup, value in PROBES.items():
                parameter = f"{field.name}__{lookup}"
                if parameter in offered:
                    continue
                response = client.get(url, {parameter: value})
                if not refused(response):
                    answered.append(f"{url}?{parameter}={value} → {response.status_code}")

    # then each probe was refused instead of answered
    assert answered == []


def test_every_admin_shares_the_one_lookup_guard():
    from core.admin import OfferedLookupsOnly

    assert [
        type(model_admin).__name__
        for model_admin in site._registry.values()
        if not isinstance(model_admin, OfferedLookupsOnly)
    ] == []


def _sample_value(model: Any, parameter: str) -> str:
    """A value like the one the filter's own link carries (an aware datetime for the
    date filter of a datetime field, as ``DateFieldListFilter`` writes it)."""
    path, _sep, lookup = parameter.rpartition("__")
    if lookup in {"gte", "lt"}:
        field = get_fields_from_path(model, path)[-1]
        suffix = " 00:00:00+00:00" if isinstance(field, models.DateTimeField) else ""
        return ("2026-01-01" if lookup == "gte" else "2026-02-01") + suffix
    return "2026" if lookup == "year" else "1"


def test_every_filter_an_admin_offers_is_still_accepted(client, admin_user, rf):
    client.force_login(admin_user)
    request = rf.get("/")
    request.user = admin_user

    refused_filters = [
        f"{changelist_url(model)}?{parameter}"
        for model, model_admin in site._registry.items()
        for parameter in sorted(offered_parameters(model_admin, request))
        if client.get(
            changelist_url(model), {parameter: _sample_value(model, parameter)}
        ).status_code
        != 200
    ]

    assert refused_filters == []


def test_a_relation_the_list_filters_on_cannot_be_followed_to_its_other_fields(
    client, admin_user, agent
):
    client.force_login(admin_user)

    # Membership offers a filter on the team; not on the team's or the person's other fields
    by_team_name = client.get(
        reverse("admin:people_membership_changelist"), {"team__name__startswith": "S"}
    )
    by_password = client.get(
        reverse("admin:people_membership_changelist"), {"user__password__startswith": "m"}
    )

    assert refused(by_team_name), by_team_name.status_code
    assert refused(by_password), by_password.status_code


def test_the_filters_an_admin_offers_still_filter(client, admin_user, agent, hr_admin):
    # given one HR person among others
    client.force_login(admin_user)
    hr_group = Group.objects.get(name="HR")
    url = reverse("admin:people_user_changelist")

    # when the admin's own filters are used: a relation, a boolean and a choice
    by_group = client.get(url, {"groups__id__exact": hr_group.pk})
    by_staff = client.get(url, {"is_staff__exact": "1"})
    by_language = client.get(url, {"preferred_language__exact": "es"})

    # then they answer with the matching people only
    assert by_group.status_code == 200
    assert [u.email for u in by_group.context["cl"].result_list] == [hr_admin.email]
    assert [u.email for u in by_staff.context["cl"].result_list] == [admin_user.email]
    assert agent.email not in {u.email for u in by_language.context["cl"].result_list}


def test_the_date_hierarchy_still_narrows_the_audit_trail(client, admin_user, agent):
    AuditEvent.objects.create(actor=agent, verb="test.event", target_type="x", target_id="1")
    year = AuditEvent.objects.get(verb="test.event").created_at.year
    client.force_login(admin_user)
    url = changelist_url(AuditEvent)

    this_year = client.get(url, {"created_at__year": year})
    other_year = client.get(url, {"created_at__year": year - 5})

    assert [e.verb for e in this_year.context["cl"].result_list] == ["test.event"]
    assert list(other_year.context["cl"].result_list) == []


def _final_field(model: Any, path: str) -> tuple[str, str]:
    field = get_fields_from_path(model, path.lstrip("^=@"))[-1]
    return field.model._meta.label, field.name


def test_no_admin_searches_a_private_field(admin_user, rf):
    request = rf.get("/")
    request.user = admin_user

    searchable = {
        _final_field(model, path)
        for model, model_admin in site._registry.items()
        for path in model_admin.get_search_fields(request)
    }

    assert searchable & PRIVATE_FIELDS == set()


def test_searching_the_career_plans_never_matches_private_notes(client, admin_user, agent):
    plans.set_private_notes(user=agent, text="I am thinking of leaving")
    client.force_login(admin_user)

    response = client.get(changelist_url(CareerPlan), {"q": "leaving"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
