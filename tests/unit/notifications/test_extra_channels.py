"""NOTIFICATION_EXTRA_CHANNELS: how the fan-out integration test puts a channel of its own
into worker processes a monkeypatch cannot reach."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from notifications import channels
from notifications.channels.email import EmailChannel
from notifications.kinds import EMAIL, PUSH
from tests.integration.fanout_channel import FlakyChannel


@pytest.fixture
def fresh_registry() -> Iterator[None]:
    channels._installed.cache_clear()
    yield
    channels._installed.cache_clear()


def test_an_extra_channel_joins_the_installed_ones(settings, fresh_registry):
    settings.NOTIFICATION_EXTRA_CHANNELS = ["tests.integration.fanout_channel.FlakyChannel"]

    assert isinstance(channels.channel(PUSH), FlakyChannel)
    assert isinstance(channels.channel(EMAIL), EmailChannel)


def test_without_the_setting_only_cuidas_own_channels_are_installed(fresh_registry):
    assert isinstance(channels.channel(EMAIL), EmailChannel)
    assert not isinstance(channels.channel(PUSH), FlakyChannel)
