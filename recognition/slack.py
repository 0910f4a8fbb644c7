"""Kudos from Slack (README, "Slack"): ``/kudos @ana @luis +10 #teamwork thanks for…``,
the "Give kudos" message shortcut and its modal, and the app's Home tab with the person's
points and the kudos they received. Registered with ``notifications.slack.registry`` by
``RecognitionConfig.ready``; the kudos go through ``services.kudos.give_kudos`` like any
other (same rules, ledger and feed), keyed by the Slack request so a retry never gives twice.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.addresses import public_url
from core.exceptions import DomainError
from notifications.slack import registry
from people.models import User
from recognition.models import Kudos, ValueTag
from recognition.selectors import active_values, balance_of, recent_kudos_received
from recognition.services.kudos import give_kudos

SHORTCUT_ID = "give_kudos"
MODAL_ID = "give_kudos_modal"
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
CHANNEL_TAG = re.compile(r"<#[A-Z0-9]+\|([^>]*)>")  # "#teamwork" Slack took for a channel
POINTS = re.compile(r"(?<!\S)\+(\d{1,6})(?!\S)")
TAG = re.compile(r"(?<![\w&])#([\w-]+)")


@dataclass
class ParsedKudos:
    slack_user_ids: list[str] = field(default_factory=list)
    points: int = 0
    tags: list[str] = field(default_factory=list)
    message: str = ""


def parse_command(text: str) -> ParsedKudos:
    """``<@U1|ana> <@U2> +10 #teamwork thanks`` → mentions, points, tags and the message."""
    text = CHANNEL_TAG.sub(lambda match: f"#{match.group(1)}", text)
    mentions = list(dict.fromkeys(MENTION.findall(text)))
    text = MENTION.sub(" ", text)
    points = [int(value) for value in POINTS.findall(text)]
    text = POINTS.sub(" ", text)
    tags = list(dict.fromkeys(tag.lower() for tag in TAG.findall(text)))
    text = TAG.sub(" ", text)
    # Slack escapes these three in what people type; the feed escapes them again.
    message = " ".join(text.split()).replace("&lt;", "<").replace("&gt;", ">")
    return ParsedKudos(mentions, points[0] if points else 0, tags, message.replace("&amp;", "&"))


def _value_slugs(tags: Sequence[str]) -> list[str]:
    """Each ``#tag`` as a company value: its code or its name in either language."""
    by_word: dict[str, str] = {}
    for value in active_values():
        for word in (value.slug, value.name_en, value.name_es):
            by_word[re.sub(r"[\s_-]+", "", word.lower())] = value.slug
    slugs = []
    for tag in tags:
        slug = by_word.get(re.sub(r"[\s_-]+", "", tag))
        if slug is None:
            raise DomainError(
                _("#%(tag)s is not one of our values. Use one of: %(values)s.")
                % {"tag": tag, "values": _values_list()}
            )
        slugs.append(slug)
    return slugs


def _values_list() -> str:
    return ", ".join(f"#{value.slug}" for value in active_values())


def _recipients(invocation: registry.Invocation, slack_user_ids: Sequence[str]) -> list[int]:
    ids = []
    for slack_user_id in slack_user_ids:
        person = invocation.person(slack_user_id)
        if person is None:
            raise DomainError(
                _(
                    "<@%(user)s> is not in Cuida yet (or has not confirmed their e-mail "
                    "address there), so they cannot receive kudos."
                )
                % {"user": slack_user_id}
            )
        ids.append(person.pk)
    return ids


def _give(
    invocation: registry.Invocation,
    *,
    recipient_ids: list[int],
    message: str,
    value_slugs: list[str],
    points: int,
    interaction_ref: str = "",
) -> Kudos:
    return give_kudos(
        giver=invocation.user,
        recipient_ids=recipient_ids,
        message=message,
        value_slugs=value_slugs,
        points_each=points,
        interaction_ref=interaction_ref[:120],
        idempotency_key="slack:" + hashlib.sha256(invocation.key.encode()).hexdigest(),
    )


def _sent(kudos: Kudos) -> str:
    names = ", ".join(str(person) for person in kudos.recipients.all())
    if kudos.points_each:
        return ngettext(
            "Kudos sent to %(names)s, with %(points)s point each. 🎉",
            "Kudos sent to %(names)s, with %(points)s points each. 🎉",
            kudos.points_each,
        ) % {"names": names, "points": kudos.points_each}
    return _("Kudos sent to %(names)s. 🎉") % {"names": names}


@registry.command("kudos")
def kudos_command(invocation: registry.Invocation) -> None:
    parsed = parse_command(str(invocation.payload.get("text", "")))
    if not parsed.slack_user_ids:
        invocation.respond(
            _(
                "To thank colleagues: /kudos @name +10 #value what they did. Points are "
                "optional; our values: %(values)s."
            )
            % {"values": _values_list()}
        )
        return
    if not parsed.tags:
        raise DomainError(
            _("Add at least one of our values with #: %(values)s.") % {"values": _values_list()}
        )
    kudos = _give(
        invocation,
        recipient_ids=_recipients(invocation, parsed.slack_user_ids),
        message=parsed.message,
        value_slugs=_value_slugs(parsed.tags),
        points=parsed.points,
    )
    invocation.respond(_sent(kudos))


# --- The message shortcut and its modal ---------------------------------------------------


def _message_link(payload: dict[str, Any]) -> str:
    domain = payload.get("team", {}).get("domain", "")
    channel = payload.get("channel", {}).get("id", "")
    ts = str(payload.get("message", {}).get("ts", "")).replace(".", "")
    return f"https://{domain}.slack.com/archives/{channel}/p{ts}" if domain and ts else ""


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def kudos_modal(*, author: str, link: str, values: Sequence[ValueTag]) -> dict[str, Any]:
    recipients: dict[str, Any] = {"type": "multi_users_select", "action_id": "recipients"}
    if author:
        recipients["initial_users"] = [author]
    return {
        "type": "modal",
        "callback_id": MODAL_ID,
        "private_metadata": json.dumps({"link": link}),
        "title": _plain(_("Give kudos")),
        "submit": _plain(_("Send")),
        "close": _plain(_("Cancel")),
        "blocks": [
            {
                "type": "input",
                "block_id": "recipients",
                "label": _plain(_("Who are you thanking?")),
                "element": recipients,
            },
            {
                "type": "input",
                "block_id": "values",
                "label": _plain(_("Values")),
                "element": {
                    "type": "multi_static_select",
                    "action_id": "values",
                    "options": [
                        {"text": _plain(str(value)), "value": value.slug} for value in values
                    ],
                },
            },
            {
                "type": "input",
                "block_id": "points",
                "optional": True,
                "label": _plain(_("Points for each person")),
                "element": {
                    "type": "number_input",
                    "action_id": "points",
                    "is_decimal_allowed": False,
                    "min_value": "0",
                },
            },
            {
                "type": "input",
                "block_id": "message",
                "label": _plain(_("What did they do?")),
                "element": {"type": "plain_text_input", "action_id": "message", "multiline": True},
            },
        ],
    }


@registry.shortcut(SHORTCUT_ID)
def kudos_shortcut(invocation: registry.Invocation) -> None:
    payload = invocation.payload
    author = str(payload.get("message", {}).get("user", ""))
    view = kudos_modal(
        author="" if author == invocation.slack_user_id else author,
        link=_message_link(payload),
        values=list(active_values()),
    )
    invocation.call("views_open", trigger_id=payload.get("trigger_id"), view=view)


@registry.view_submission(MODAL_ID)
def kudos_modal_submitted(invocation: registry.Invocation) -> None:
    view = invocation.payload.get("view", {})
    state = view.get("state", {}).get("values", {})

    def element(block: str) -> dict[str, Any]:
        return dict(state.get(block, {}).get(block, {}))

    points = element("points").get("value") or "0"
    try:
        metadata = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        metadata = {}
    kudos = _give(
        invocation,
        recipient_ids=_recipients(invocation, element("recipients").get("selected_users", [])),
        message=str(element("message").get("value") or ""),
        value_slugs=[o["value"] for o in element("values").get("selected_options", [])],
        points=int(points) if str(points).isdigit() else -1,
        interaction_ref=str(metadata.get("link", "")),
    )
    invocation.respond(_sent(kudos))


# --- The Home tab -------------------------------------------------------------------------


def home_view(*, user: User) -> dict[str, Any]:
    count, newest = recent_kudos_received(user=user)
    balance = balance_of(user=user)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": _plain(_("Hi, %(name)s") % {"name": user})},
        _section(
            ngettext("You have *%(points)s point*.", "You have *%(points)s points*.", balance)
            % {"points": balance}
        ),
        _section(
            ngettext(
                "%(count)s kudos received this week:",
                "%(count)s kudos received this week:",
                count,
            )
            % {"count": count}
            if count
            else _("No kudos received this week yet. Why not thank someone? /kudos")
        ),
    ]
    for kudos in newest:
        blocks.append(_section(f"*{kudos.giver}*: {kudos.message}"[:2900]))
    link = public_url(reverse("recognition:feed"), request=None)
    if link.startswith("http"):
        blocks.append(_section(f"<{link}|{_('See all kudos in Cuida')}>"))
    return {"type": "home", "blocks": blocks}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


@registry.app_home()
def home_opened(invocation: registry.Invocation) -> None:
    invocation.call(
        "views_publish", user_id=invocation.slack_user_id, view=home_view(user=invocation.user)
    )
