"""A request from Slack, from its arrival to its answer.

``receive`` (in the web request, after Bolt verified the signature and acknowledged it)
claims the request by its key and enqueues it; a retry from Slack finds the claim and stops.
``process`` (a Celery task) finds the person, runs the registered handler inside the
transaction that marks the claim done, then sends what the handler said back.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial
from typing import Any

from celery import current_app
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import broker
from core.exceptions import DomainError
from notifications.models import SlackRequest, SlackWorkspace
from notifications.slack import linking, messaging, registry
from notifications.slack.client import SlackError, SlackRetryLater, call
from people.time import in_time_zone_of

logger = logging.getLogger(__name__)

PROCESS_TASK = "notifications.slack.tasks.process_slack_request_task"
# A claim still pending after this long lost its task (a broker outage, a worker killed
# before it ran): the sweeper enqueues it again. Older ones are dropped, their moment gone.
SWEEP_AFTER = dt.timedelta(minutes=1)
SWEEP_UNTIL = dt.timedelta(hours=1)
SWEEP_BATCH = 100
# Slack retries within minutes; a handled claim is kept this long, then forgotten.
KEEP_HANDLED = dt.timedelta(days=7)


def receive(
    *,
    kind: str,
    name: str,
    key: str,
    team_id: str,
    slack_user_id: str,
    payload: dict[str, Any],
) -> bool:
    """Claim the request; True when it is new (and enqueued once committed)."""
    workspace = SlackWorkspace.objects.filter(team_id=team_id, active=True).first()
    if workspace is None or registry.find(kind, name) is None:
        return False
    with transaction.atomic():
        claim, created = SlackRequest.objects.get_or_create(
            key=key[:200],
            defaults={
                "workspace": workspace,
                "slack_user_id": slack_user_id,
                "kind": kind,
                "name": name[:100],
                "payload": payload,
            },
        )
        if created:
            transaction.on_commit(partial(enqueue, request_id=claim.pk), robust=True)
    return created


def enqueue(*, request_id: int) -> None:
    broker.enqueue(current_app.tasks[PROCESS_TASK], request_id)


def process(*, request_id: int) -> str:
    claim = (
        SlackRequest.objects.select_related("workspace")
        .filter(pk=request_id, status=SlackRequest.Status.PENDING)
        .first()
    )
    if claim is None:
        return "already processed"
    handler = registry.find(claim.kind, claim.name)
    if handler is None:  # registered when it was received: a deployment in between
        _finish(claim, SlackRequest.Status.FAILED)
        return "no handler"
    try:
        person = linking.person_for(workspace=claim.workspace, slack_user_id=claim.slack_user_id)
    except SlackRetryLater:
        return "retry later"  # still pending: the sweeper tries again
    except SlackError:
        _finish(claim, SlackRequest.Status.FAILED)
        logger.warning("Slack could not tell who %s is", claim.slack_user_id)
        return "failed"
    language = linking.language_for(person)
    if person.user is None:
        if _finish(claim, SlackRequest.Status.REFUSED):
            with translation.override(language):
                _answer_stranger(claim, person)
        return "refused"
    invocation = registry.Invocation(
        workspace=claim.workspace,
        user=person.user,
        slack_user_id=claim.slack_user_id,
        payload=claim.payload,
        key=claim.key,
    )
    with translation.override(language), in_time_zone_of(person.user):
        return _run(claim, handler, invocation)


def _run(claim: SlackRequest, handler: registry.Handler, invocation: registry.Invocation) -> str:
    try:
        with transaction.atomic():
            if not _finish(claim, SlackRequest.Status.DONE, lock=True):
                return "already processed"
            handler(invocation)
    except SlackRetryLater:
        return "retry later"  # rolled back, still pending: the sweeper tries again
    except DomainError as exc:
        if not _finish(claim, SlackRequest.Status.REFUSED):
            return "already processed"
        invocation.calls.clear()
        invocation.responses = [{"text": _refusal(exc)}]
        _send(claim, invocation)
        return "refused"
    except Exception:
        _finish(claim, SlackRequest.Status.FAILED)  # a bug: logged by Celery, not retried
        raise
    _send(claim, invocation)
    return "done"


def _finish(claim: SlackRequest, status: str, *, lock: bool = False) -> bool:
    """Move the claim from pending to ``status``; False when another run got there first.
    What the person sent is forgotten then (a tapped mood, a message): only the key stays."""
    pending = SlackRequest.objects.filter(pk=claim.pk, status=SlackRequest.Status.PENDING)
    if lock and pending.select_for_update().first() is None:
        return False
    return pending.update(status=status, processed_at=timezone.now(), payload={}) == 1


def _refusal(exc: DomainError) -> str:
    """The service's message, or its field errors when the message only points at a form."""
    details = [str(message) for messages in exc.errors.values() for message in messages]
    if details and exc.message == _("Please correct the highlighted fields."):
        return " ".join(details)
    return exc.message


def _answer_stranger(claim: SlackRequest, person: linking.SlackPerson) -> None:
    if person.email:
        text = _(
            "Hi! I can't find a Cuida account with the confirmed address %(email)s. Sign in "
            "to Cuida, confirm that address in your account settings, and try again."
        ) % {"email": person.email}
    else:
        text = _(
            "Hi! I can't match your Slack account with a Cuida account: Slack doesn't show me "
            "a confirmed e-mail address for you. Ask your HR team for help."
        )
    if claim.kind == registry.APP_HOME:
        view = {"type": "home", "blocks": [_section(text)]}
        invocation_calls = [("views_publish", {"user_id": claim.slack_user_id, "view": view})]
        _send_calls(claim.workspace, invocation_calls)
        return
    _send_responses(claim, [{"text": text}])


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _send(claim: SlackRequest, invocation: registry.Invocation) -> None:
    _send_calls(claim.workspace, invocation.calls)
    _send_responses(claim, invocation.responses)


def _send_calls(workspace: SlackWorkspace, calls: list[tuple[str, dict[str, Any]]]) -> None:
    # The request is done: an answer that fails is logged, never sent twice by a retry.
    for method, params in calls:
        try:
            call(workspace=workspace, method=method, **params)
        except SlackError:
            logger.warning("Slack %s failed for workspace %s", method, workspace.team_id)


def _send_responses(claim: SlackRequest, responses: list[dict[str, Any]]) -> None:
    response_url = claim.payload.get("response_url")
    for response in responses:
        try:
            if response_url:
                messaging.respond(response_url=response_url, **response)
            else:
                # Modals and events have no response_url: a direct message instead.
                call(
                    workspace=claim.workspace,
                    method="chat_postMessage",
                    channel=claim.slack_user_id,
                    **response,
                )
        except SlackError:
            logger.warning("Slack answer failed for request %s", claim.key)


def sweep_pending(*, now: dt.datetime | None = None) -> int:
    """Enqueue again the claims whose task was lost (harmless when it was not), and forget
    the handled ones Slack can no longer retry."""
    now = now or timezone.now()
    ids = list(
        SlackRequest.objects.filter(
            status=SlackRequest.Status.PENDING,
            created_at__lt=now - SWEEP_AFTER,
            created_at__gte=now - SWEEP_UNTIL,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for request_id in ids:
        enqueue(request_id=request_id)
    SlackRequest.objects.filter(created_at__lt=now - KEEP_HANDLED).exclude(
        status=SlackRequest.Status.PENDING
    ).delete()
    return len(ids)
