"""A small company with one of everything, built through the services, for the project-wide
URL walk (``test_url_walk.py``): every path parameter of every route points at a real row.

The ``agent`` persona owns the private things (a check-in with a note, career-plan notes, a
pending reward request, an enrollment, a compliment); ``SECRETS`` are the words that only
the agent may ever read back.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from careers.models import CareerTrack, Enrollment, Goal, Level, Module, Promotion, Requirement
from careers.models import TrainingPath as Path
from careers.services import plans, promotions, tracks, training
from notifications.models import (
    Delivery,
    Digest,
    OutboundWebhook,
    TeamsChannel,
    WebhookDelivery,
)
from notifications.services import notify
from notifications.services.digests import compose_digest
from notifications.services.teams import create_channel
from notifications.services.webhooks import announce, create_webhook
from people.models import ApiToken, Team, User
from people.services import create_api_token
from performance.models import (
    AgentMapping,
    ApiKey,
    EventType,
    Feedback,
    Integration,
    PerformanceEvent,
    Rule,
)
from performance.services.keys import create_api_key
from performance.services.rules import save_rule
from recognition.models import BadgeAward, BadgeClass, Kudos, LedgerEntry, Redemption, RewardItem
from recognition.services.badges import award_badge
from recognition.services.kudos import give_kudos
from recognition.services.ledger import lock_balances, post_entry
from recognition.services.redemptions import approve_redemption, request_redemption
from wellbeing.models import ChatRequest, CheckIn
from wellbeing.services import record_check_in, request_lead_chat

CHECK_IN_NOTE = "walk-secret-check-in-note-5d1e"
PRIVATE_NOTES = "walk-secret-career-notes-93ab"
SECRETS = (CHECK_IN_NOTE, PRIVATE_NOTES)


@dataclass(frozen=True)
class World:
    team: Team
    other_team: Team
    agent: User
    teammate: User
    check_in: CheckIn
    chat_request: ChatRequest
    kudos: Kudos
    badge: BadgeClass
    award: BadgeAward
    item: RewardItem
    redemption: Redemption
    approved_redemption: Redemption
    feedback: Feedback
    integration: Integration
    api_key: ApiKey
    rule: Rule
    track: CareerTrack
    level: Level
    requirement: Requirement
    path: Path
    module: Module
    enrollment: Enrollment
    goal: Goal
    promotion: Promotion
    api_token: ApiToken
    webhook: OutboundWebhook
    delivery: WebhookDelivery
    teams_channel: TeamsChannel
    notification_delivery: Delivery
    digest: Digest


def grant_points(user: Any, amount: int) -> None:
    with transaction.atomic():
        lock_balances(user_ids=[user.pk])
        post_entry(
            account_id=user.pk,
            amount=amount,
            kind=LedgerEntry.Kind.TRAINING,
            idempotency_key=f"walk-grant:{uuid.uuid4()}",
        )


def build_world(
    *,
    team: Team,
    other_team: Team,
    agent: User,
    teammate: User,
    other_team_agent: User,
    team_lead: User,
    hr_admin: User,
) -> World:
    # Wellbeing: the agent's private check-in, a teammate's shared one, a chat request.
    check_in, _ = record_check_in(
        user=agent, mood=1, energy=2, stress=5, tag_slugs=[], note=CHECK_IN_NOTE
    )
    record_check_in(user=teammate, mood=4, energy=4, stress=2, tag_slugs=[], shared_with_lead=True)
    chat_request = request_lead_chat(user=agent)

    # Recognition: kudos with points, a badge the lead gave, requests in two states.
    kudos = give_kudos(
        giver=teammate,
        recipient_ids=[agent.pk],
        message="Thanks for covering my calls",
        value_slugs=["teamwork"],
        points_each=20,
    )
    badge = BadgeClass.objects.create(
        slug="walk-calm",
        name_en="Calm",
        name_es="Calm",
        description_en="Calm with hard calls.",
        description_es="Calm with hard calls.",
        criteria_en="Asked.",
        criteria_es="Asked.",
    )
    award = award_badge(badge_class=badge, recipient=agent, awarded_by=team_lead)
    item = RewardItem.objects.create(
        name_en="Extra paid break", name_es="Extra paid break", cost=10, stock=5
    )
    grant_points(agent, 50)
    grant_points(teammate, 50)
    redemption = request_redemption(user=agent, item_id=item.pk)
    approved = request_redemption(user=teammate, item_id=item.pk)
    approve_redemption(actor=team_lead, redemption_id=approved.pk)

    # Performance: an integration with a key, a mapping, a rule, an event, a compliment.
    integration = Integration.objects.create(name="Walk telephony")
    api_key, _secret = create_api_key(actor=hr_admin, integration=integration, name="walk")
    AgentMapping.objects.create(integration=integration, external_agent_id="W-1", user=agent)
    qa_review = EventType.objects.get(slug="qa_review")
    rule = save_rule(
        actor=hr_admin,
        rule=None,
        name_en="Walk top QA",
        name_es="Mejor calidad del recorrido",
        event_type=qa_review,
        condition={"all": [{"metric": "score", "op": ">=", "value": 98}]},
        effects=[{"kind": "feedback", "message_en": "Superb {score}", "message_es": "{score}"}],
    )
    event = PerformanceEvent.objects.create(
        integration=integration,
        external_id="walk-1",
        agent=agent,
        event_type=qa_review,
        occurred_at=timezone.now() - dt.timedelta(days=1),
        metrics={"score": 91},
    )
    feedback = Feedback.objects.create(
        agent=agent,
        kind=Feedback.Kind.COMPLIMENT,
        message="A customer thanked you",
        customer_text="So kind, thank you",
        event=event,
        idempotency_key="walk-compliment",
    )

    # Careers: a two-level track, a path with a quiz, the agent's plan, enrollment,
    # goal, coaching note and an endorsement waiting for HR.
    track = tracks.create_track(actor=hr_admin, name_en="Service", name_es="Servicio")
    first = tracks.add_level(actor=hr_admin, track=track, name_en="Agent I", name_es="Agente I")
    level = tracks.add_level(actor=hr_admin, track=track, name_en="Agent II", name_es="Agente II")
    requirement = tracks.add_requirement(actor=hr_admin, level=level, kind="endorsement")
    path = training.create_path(
        actor=hr_admin, name_en="Kind words", name_es="Palabras amables", track_id=track.pk
    )
    module = training.add_module(
        actor=hr_admin,
        path=path,
        title_en="Check yourself",
        title_es="Compruébalo",
        body_en="A short quiz.",
        pass_mark=50,
        questions=[
            {
                "prompt_en": "Kind words cost…",
                "choices": [
                    {"text_en": "Nothing", "correct": True},
                    {"text_en": "Handle time", "correct": False},
                ],
            }
        ],
    )
    enrollment = training.enroll(user=agent, path=path)
    promotions.set_level(actor=hr_admin, agent=agent, level=first)
    plans.set_target_level(actor=agent, agent=agent, level_id=level.pk)
    plans.set_private_notes(user=agent, text=PRIVATE_NOTES)
    goal = plans.add_goal(actor=agent, agent=agent, text="Handle billing calls alone")
    plans.add_coaching_note(actor=team_lead, agent=agent, text="Great empathy this week.")
    promotion = promotions.endorse(actor=team_lead, agent=agent, note="Ready.")
    welcome = notify(user=agent, kind="announcement", message="Welcome to the walk", url="/")
    # Its e-mail failed (HR's deliveries page and its "send again").
    notification_delivery = welcome.deliveries.get()
    Delivery.objects.filter(pk=notification_delivery.pk).update(status=Delivery.Status.FAILED)
    today = timezone.localdate(timezone=agent.time_zone)
    digest = compose_digest(user=agent, week_start=today - dt.timedelta(days=today.weekday()))
    api_token, _key = create_api_token(actor=agent, user=agent, name="walk")
    # An outbound webhook with a failed delivery (never sent: the test never commits).
    webhook, _secret = create_webhook(
        actor=hr_admin,
        name="Walk intranet",
        url="https://intranet.example.com/walk",
        event_kinds=["kudos.given"],
    )
    [delivery] = announce(kind="kudos.given", data={"kudos_id": kudos.pk})
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=WebhookDelivery.Status.FAILED)
    # A Teams channel of the team, made after the webhook's event so that stays its only one.
    teams_channel = create_channel(
        actor=hr_admin,
        name="Walk channel",
        url="https://example.logic.azure.com/workflows/walk?sig=abc",
        team=team,
        event_kinds=["kudos.given", "badge.awarded"],
    )

    # Someone in the other team, so "another team's data" exists everywhere.
    record_check_in(user=other_team_agent, mood=3, energy=3, stress=3, tag_slugs=[])
    training.enroll(user=other_team_agent, path=path)

    return World(
        team=team,
        other_team=other_team,
        agent=agent,
        teammate=teammate,
        check_in=check_in,
        chat_request=chat_request,
        kudos=kudos,
        badge=badge,
        award=award,
        item=item,
        redemption=redemption,
        approved_redemption=approved,
        feedback=feedback,
        integration=integration,
        api_key=api_key,
        rule=rule,
        track=track,
        level=level,
        requirement=requirement,
        path=path,
        module=module,
        enrollment=enrollment,
        goal=goal,
        promotion=promotion,
        api_token=api_token,
        webhook=webhook,
        delivery=delivery,
        teams_channel=teams_channel,
        notification_delivery=notification_delivery,
        digest=digest,
    )
