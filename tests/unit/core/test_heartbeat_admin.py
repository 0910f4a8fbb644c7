"""Heartbeats are written by beat and the workers only: the admin shows them, nobody adds,
edits or deletes one there (adding used to answer 500: every field is read-only)."""

import pytest
from django.urls import reverse

from core.models import Heartbeat
from core.services import record_heartbeat

pytestmark = pytest.mark.django_db


def test_adding_a_heartbeat_in_the_admin_is_refused_not_a_crash(client, admin_user):
    client.force_login(admin_user)

    form = client.get(reverse("admin:core_heartbeat_add"))
    posted = client.post(reverse("admin:core_heartbeat_add"), {})

    assert form.status_code == 403
    assert posted.status_code == 403
    assert Heartbeat.objects.count() == 0


def test_a_heartbeat_is_shown_but_cannot_be_changed_or_deleted(client, admin_user):
    beat = record_heartbeat(source="worker")
    client.force_login(admin_user)

    listed = client.get(reverse("admin:core_heartbeat_changelist"))
    changed = client.post(reverse("admin:core_heartbeat_change", args=[beat.pk]), {"count": 99})
    deleted = client.post(reverse("admin:core_heartbeat_delete", args=[beat.pk]), {"post": "yes"})

    assert listed.status_code == 200
    assert "worker" in listed.content.decode()
    assert changed.status_code == 403
    assert deleted.status_code == 403
    assert Heartbeat.objects.get().count == beat.count
