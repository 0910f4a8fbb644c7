"""The check-in buttons of the daily Slack message (``services.slack_check_ins``),
registered with ``notifications.slack.registry`` by ``WellbeingConfig.ready``. Saving goes
through the check-in service; the answer replaces the message without the mood."""

from __future__ import annotations

from notifications.slack import registry
from wellbeing import slack_blocks
from wellbeing.services.slack_check_ins import record_mood


@registry.action(slack_blocks.MOOD_ACTION)
def mood_tapped(invocation: registry.Invocation) -> None:
    payload = invocation.payload
    action = payload.get("actions", [{}])[0]
    value = str(action.get("value", ""))
    day = str(action.get("block_id", "")).removeprefix(slack_blocks.BLOCK_PREFIX)
    saved = record_mood(user=invocation.user, mood=int(value) if value.isdigit() else 0, day=day)
    text, blocks = slack_blocks.saved() if saved else slack_blocks.expired()
    container = payload.get("container", {})
    invocation.call(
        "chat_update",
        channel=container.get("channel_id") or payload.get("channel", {}).get("id"),
        ts=container.get("message_ts"),
        text=text,
        blocks=blocks,
    )
