"""The web push settings fail loudly at start-up rather than half-working later."""

from __future__ import annotations

import io

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from config.push import vapid_settings
from notifications.vapid import generate_key_pair

PUBLIC_KEY, PRIVATE_KEY = generate_key_pair()
OTHER_PUBLIC_KEY, _OTHER_PRIVATE_KEY = generate_key_pair()


def _read(monkeypatch, **values: str) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    for name in ("WEBPUSH_VAPID_PUBLIC_KEY", "WEBPUSH_VAPID_PRIVATE_KEY", "WEBPUSH_CONTACT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return vapid_settings(environ.Env())


def test_push_stays_off_without_keys(monkeypatch) -> None:
    assert _read(monkeypatch) == ("", "", "")


def test_a_generated_pair_is_accepted(monkeypatch) -> None:
    read = _read(
        monkeypatch,
        WEBPUSH_VAPID_PUBLIC_KEY=PUBLIC_KEY,
        WEBPUSH_VAPID_PRIVATE_KEY=PRIVATE_KEY,
        WEBPUSH_CONTACT="mailto:ops@example.org",
    )
    assert read == (PUBLIC_KEY, PRIVATE_KEY, "mailto:ops@example.org")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"WEBPUSH_VAPID_PUBLIC_KEY": PUBLIC_KEY}, "both"),
        ({"WEBPUSH_VAPID_PRIVATE_KEY": PRIVATE_KEY}, "both"),
        (
            {
                "WEBPUSH_VAPID_PUBLIC_KEY": OTHER_PUBLIC_KEY,
                "WEBPUSH_VAPID_PRIVATE_KEY": PRIVATE_KEY,
            },
            "is not the public key",
        ),
        (
            {"WEBPUSH_VAPID_PUBLIC_KEY": PUBLIC_KEY, "WEBPUSH_VAPID_PRIVATE_KEY": "c2hvcnQ"},
            "not a key",
        ),
        ({"WEBPUSH_CONTACT": "ops@example.org"}, "mailto:"),
    ],
)
def test_a_half_or_wrong_configuration_stops_the_start(monkeypatch, values, message) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        _read(monkeypatch, **values)


def test_generate_vapid_keys_prints_a_pair_the_settings_accept(monkeypatch) -> None:
    # given
    out = io.StringIO()
    # when
    call_command("generate_vapid_keys", stdout=out, stderr=io.StringIO())
    # then
    printed = dict(line.split("=", 1) for line in out.getvalue().splitlines())
    assert set(printed) == {"WEBPUSH_VAPID_PUBLIC_KEY", "WEBPUSH_VAPID_PRIVATE_KEY"}
    public, private, _contact = _read(monkeypatch, **printed)
    assert (public, private) == (
        printed["WEBPUSH_VAPID_PUBLIC_KEY"],
        printed["WEBPUSH_VAPID_PRIVATE_KEY"],
    )
