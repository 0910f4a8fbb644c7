"""Public kudos in Slack: each installed workspace whose HR chose a channel gets a message
there, in the organisation's language, like the Teams channels (``services.teams``).

``posts_for`` is called by ``services.webhooks.announce`` inside the giving transaction (the
unique (workspace, event) row makes a repeat harmless); ``deliver`` sends one post after
commit. A rate limit (429, with ``Retry-After``) or a Slack outage leaves the post queued
until then, and the sweeper sends it (no countdowns: shared/design.md); a post another run
holds or already sent is left alone, so nothing is posted twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core import broker
from notifications.messages import render_in
from notifications.models import SlackPost, SlackUserLink, SlackWorkspace
from notifications.slack.client import SlackError, SlackRetryLater, call

logger = logging.getLogger(__name__)

POST_TASK = "notifications.slack.tasks.post_to_slack_task"
KINDS = frozenset({"kudos.given"})
LEASE = dt.timedelta(seconds=60)
MAX_ATTEMPTS = 8
SWEEP_BATCH = 100


def posts_for(*, kind: str, data: Mapping[str, Any], event_id: uuid.UUID) -> list[SlackPost]:
    if kind not in KINDS:
        return []
    workspaces = list(SlackWorkspace.objects.filter(active=True).exclude(kudos_channel_id=""))
    posts = []
    for workspace in workspaces:
        text, blocks = kudos_message(workspace=workspace, data=data)
        post, _created = SlackPost.objects.get_or_create(
            workspace=workspace,
            event_id=event_id,
            defaults={"channel_id": workspace.kudos_channel_id, "text": text, "blocks": blocks},
        )
        posts.append(post)
    ids = [post.pk for post in posts if post.status == SlackPost.Status.QUEUED]
    if ids:
        transaction.on_commit(partial(enqueue, post_ids=ids), robust=True)
    return posts


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def kudos_message(
    *, workspace: SlackWorkspace, data: Mapping[str, Any]
) -> tuple[str, list[dict[str, Any]]]:
    """Who thanked whom (a mention for those linked in this workspace), the message and
    the values: public facts only, as in the feed."""
    recipients = list(data.get("recipients", []))
    ids = [r.get("id") for r in recipients] + [(data.get("giver") or {}).get("id")]
    slack_ids: dict[Any, str] = dict(
        SlackUserLink.objects.filter(workspace=workspace, user_id__in=ids).values_list(
            "user_id", "slack_user_id"
        )
    )

    def name(person: Mapping[str, Any]) -> str:
        slack_id = slack_ids.get(person.get("id"))
        return f"<@{slack_id}>" if slack_id else f"*{_escape(str(person.get('name', '')))}*"

    params = {
        "giver": name(data.get("giver") or {}),
        "names": ", ".join(name(r) for r in recipients),
    }
    title = render_in(settings.LANGUAGE_CODE, "teams.kudos_given", params)
    lines = [title]
    if data.get("message"):
        lines.append(f"> {_escape(str(data['message']))}")
    if data.get("values"):
        values = ", ".join(f"#{value}" for value in data["values"])
        lines.append(render_in(settings.LANGUAGE_CODE, "teams.kudos_values", {"values": values}))
    text = "\n".join(lines)
    return text, [{"type": "section", "text": {"type": "mrkdwn", "text": text[:2900]}}]


def enqueue(*, post_ids: Iterable[int]) -> None:
    task = current_app.tasks[POST_TASK]
    for post_id in post_ids:
        if not broker.enqueue(task, post_id):
            return  # the sweeper sends them


def deliver(*, post_id: int, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    claimed = SlackPost.objects.filter(
        pk=post_id, status=SlackPost.Status.QUEUED, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
    if not claimed:
        return "not due"
    post = SlackPost.objects.select_related("workspace").get(pk=post_id)
    if not post.workspace.active:
        _fail(post, "The workspace was uninstalled.")
        return "failed"
    try:
        call(
            workspace=post.workspace,
            method="chat_postMessage",
            channel=post.channel_id,
            text=post.text,
            blocks=post.blocks,
            unfurl_links=False,
        )
    except SlackRetryLater as exc:
        if post.attempts >= MAX_ATTEMPTS:
            _fail(post, str(exc))
            return "failed"
        SlackPost.objects.filter(pk=post.pk).update(
            next_attempt_at=now + dt.timedelta(seconds=exc.retry_after), last_error=str(exc)[:300]
        )
        return "retry later"
    except SlackError as exc:
        _fail(post, str(exc))
        return "failed"
    SlackPost.objects.filter(pk=post.pk).update(
        status=SlackPost.Status.SENT, sent_at=timezone.now()
    )
    return "sent"


def _fail(post: SlackPost, error: str) -> None:
    logger.warning("Slack post %s failed: %s", post.pk, error)
    SlackPost.objects.filter(pk=post.pk).update(
        status=SlackPost.Status.FAILED, last_error=error[:300]
    )


def sweep_due(*, now: dt.datetime | None = None) -> int:
    """Enqueue the queued posts that are due (after a rate limit, or a lost task)."""
    now = now or timezone.now()
    ids = list(
        SlackPost.objects.filter(status=SlackPost.Status.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    enqueue(post_ids=ids)
    return len(ids)
