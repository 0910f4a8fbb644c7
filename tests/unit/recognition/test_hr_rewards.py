"""HR's reward catalog (recognition.services.reward_items) and seasonal rewards: a reward
outside its availability window is neither shown to agents nor requestable."""

import datetime as dt
import io
import uuid

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import translation
from PIL import Image

from core.exceptions import ConflictError, DomainError, PermissionDeniedError
from core.models import AuditEvent
from recognition.models import LedgerEntry, Redemption, RewardItem
from recognition.selectors import catalog
from recognition.services.ledger import lock_balances, post_entry
from recognition.services.redemptions import request_redemption
from recognition.services.reward_items import (
    create_reward_item,
    set_reward_item_active,
    update_reward_item,
)

pytestmark = pytest.mark.django_db

# Noon in Madrid (the organisation's zone in settings): the same day everywhere in Europe.
TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _on_a_fixed_day_in_english(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    with (
        time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC), tick=False),
        translation.override("en"),
    ):
        yield


def fields(**overrides: object) -> dict[str, object]:
    return {
        "name_en": "Half day off",
        "name_es": "Media jornada libre",
        "description_en": "",
        "description_es": "Una tarde para ti.",
        "cost": 50,
        "stock": 3,
        "available_from": None,
        "available_until": None,
        **overrides,
    }


@pytest.fixture
def funded_agent(agent):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        lock_balances(user_ids=[agent.pk])
        post_entry(
            account_id=agent.pk,
            amount=200,
            kind=LedgerEntry.Kind.TRAINING,
            idempotency_key=f"grant:{uuid.uuid4()}",
        )
    return agent


def test_hr_add_a_reward_with_a_picture_and_an_audit_row(hr_admin):
    buffer = io.BytesIO()
    Image.new("RGB", (900, 300)).save(buffer, format="WEBP")
    picture = SimpleUploadedFile("/etc/passwd", buffer.getvalue(), content_type="text/plain")

    item = create_reward_item(actor=hr_admin, fields=fields(), image=picture)  # type: ignore[arg-type]

    assert (item.cost, item.stock, item.active) == (50, 3, True)
    assert item.image.name.startswith("rewards/")
    assert item.image.name.endswith(".png")
    assert "passwd" not in item.image.name
    assert item in catalog()
    event = AuditEvent.objects.get(verb="recognition.reward_created", target_id=item.pk)
    assert (event.actor, event.data["cost"], event.data["image"]) == (hr_admin, 50, True)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"cost": 0}, "cost"),
        ({"cost": -5}, "cost"),
        ({"stock": -1}, "stock"),
        ({"name_en": ""}, "name_en"),
        (
            {"available_from": dt.date(2026, 7, 1), "available_until": dt.date(2026, 6, 30)},
            "available_until",
        ),
    ],
)
def test_bad_values_are_a_400_on_their_field_and_write_nothing(hr_admin, overrides, field):
    with pytest.raises(DomainError) as caught:
        create_reward_item(actor=hr_admin, fields=fields(**overrides))  # type: ignore[arg-type]

    assert caught.value.status_code == 400
    assert field in caught.value.errors
    assert not RewardItem.objects.exists()


@pytest.mark.parametrize("persona", ["agent", "team_lead", "other_team_lead"])
def test_only_hr_write_rewards(request, persona):
    with pytest.raises(PermissionDeniedError):
        create_reward_item(actor=request.getfixturevalue(persona), fields=fields())  # type: ignore[arg-type]


def test_editing_audits_what_changed_and_can_make_stock_unlimited(hr_admin):
    item = create_reward_item(actor=hr_admin, fields=fields())  # type: ignore[arg-type]

    item = update_reward_item(
        actor=hr_admin,
        item=item,
        fields=fields(cost=60, stock=None, available_until=dt.date(2026, 12, 31)),  # type: ignore[arg-type]
    )

    assert (item.cost, item.stock) == (60, None)
    changes = AuditEvent.objects.get(verb="recognition.reward_updated", target_id=item.pk).data
    assert changes == {
        "cost": [50, 60],
        "stock": [3, None],
        "available_until": [None, "2026-12-31"],
    }


def test_a_retired_reward_leaves_the_catalog_and_open_requests_go_on(hr_admin, funded_agent):
    item = create_reward_item(actor=hr_admin, fields=fields())  # type: ignore[arg-type]
    redemption = request_redemption(user=funded_agent, item_id=item.pk)

    set_reward_item_active(actor=hr_admin, item=item, active=False)

    assert item not in catalog()
    assert Redemption.objects.get(pk=redemption.pk).status == Redemption.Status.PENDING
    assert AuditEvent.objects.filter(verb="recognition.reward_retired").count() == 1


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        (None, None, True),
        (TODAY, TODAY, True),  # both days count
        (TODAY - dt.timedelta(days=5), None, True),
        (TODAY + dt.timedelta(days=1), None, False),
        (None, TODAY - dt.timedelta(days=1), False),
    ],
)
def test_the_catalog_shows_a_reward_only_inside_its_window(hr_admin, start, end, shown):
    item = create_reward_item(
        actor=hr_admin,
        fields=fields(available_from=start, available_until=end),  # type: ignore[arg-type]
    )

    assert (item in catalog()) is shown


def test_a_reward_before_its_window_cannot_be_requested(hr_admin, funded_agent, client):
    # given a reward that opens tomorrow
    item = create_reward_item(
        actor=hr_admin,
        fields=fields(available_from=TODAY + dt.timedelta(days=1)),  # type: ignore[arg-type]
    )

    # then the service refuses with the day it opens, and nothing is held
    with pytest.raises(ConflictError) as caught:
        request_redemption(user=funded_agent, item_id=item.pk)
    assert caught.value.errors == {"item": ["This reward can be requested from June 16, 2026."]}
    assert not Redemption.objects.exists()
    assert RewardItem.objects.get(pk=item.pk).stock == 3


def test_a_reward_after_its_window_is_a_409_from_the_api_and_a_404_page(
    hr_admin, funded_agent, api_client, client
):
    # given a reward whose last day was yesterday
    item = create_reward_item(
        actor=hr_admin,
        fields=fields(available_until=TODAY - dt.timedelta(days=1)),  # type: ignore[arg-type]
    )
    api_client.force_authenticate(funded_agent)
    client.force_login(funded_agent)

    # when the agent asks for it through the API and the page
    answer = api_client.post(
        "/api/v1/recognition/redemptions/",
        {"item": item.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = client.get(f"/recognition/rewards/{item.pk}/request/")

    # then the API says why, the page does not offer it, and no points move
    assert answer.status_code == 409
    assert "item" in answer.json()["errors"]
    assert page.status_code == 404
    assert not Redemption.objects.exists()
