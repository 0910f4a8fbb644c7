"""Every page of the project, read from the URL resolver, and a small but complete
organisation to open them with.

``PAGES`` says for each URL who may see it, how to fill its path parameters and what it
answers; ``ACTIONS`` lists the URLs that only take POST. A URL in neither makes
``tests/unit/core/test_every_page_in_spanish.py`` fail until someone describes it, so a new
page is covered by every test that walks them (Spanish, Content-Security-Policy).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import Group
from django.templatetags.static import static
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from careers.models import Module
from careers.selectors import pending_promotions_count
from careers.services import plans as plan_services
from careers.services import promotions as promotion_services
from careers.services import tracks as track_services
from careers.services import training as training_services
from notifications.models import Delivery, SlackWorkspace, WebhookDelivery
from notifications.selectors import unread_count
from notifications.services import notify
from notifications.services.digests import compose_digest
from notifications.services.teams import create_channel
from notifications.services.webhooks import announce, create_webhook
from notifications.unsubscribe import make_token
from people.models import Role
from performance.defaults import install_default_rules
from performance.models import EventType, Rule
from performance.selectors import unread_feedback_count
from performance.services.csv_import import RowError, error_report_token
from performance.services.ingestion import ingest_events
from performance.services.keys import create_api_key, create_integration
from recognition.models import BadgeClass, RewardItem, ValueTag
from recognition.selectors import pending_approvals_count
from recognition.services.badges import award_badge
from recognition.services.kudos import give_kudos
from recognition.services.redemptions import request_redemption
from tests.factories import PASSWORD, MembershipFactory, TeamFactory, UserFactory
from wellbeing import services as wellbeing_services

# Not pages: the REST API and its schema answer JSON to programs and have their own tests;
# the Django admin is Django's own interface (its templates, its catalogue), not base.html;
# the e-mail provider's webhooks (when one is configured) answer the provider.
NOT_PAGES = ("api/v1/", "api/schema/", "admin/", "anymail/")


@dataclass(frozen=True)
class Page:
    """How to open one URL: who may see it, its path parameters, what it answers."""

    viewers: tuple[str, ...]
    kwargs: Callable[[Any], dict[str, Any]] = lambda world: {}
    query: Callable[[Any], str] = lambda world: ""
    status: int = 200
    # A documented redirect, per viewer: where it leads.
    redirects: dict[str, Callable[[Any], str]] = field(default_factory=dict)
    html: bool = True
    # Unnamed patterns (allauth's legacy redirects, media) are opened by path, not by name.
    path: Callable[[Any], str] | None = None


AGENT, LEAD, HR, ANONYMOUS = "agent", "lead", "hr", "anonymous"
EVERYONE = (AGENT, LEAD, HR)
MEDIA = r"^media/(?P<path>.*)$"


def _pk(name: str) -> Callable[[Any], dict[str, Any]]:
    """``pk`` filled with the primary key of ``world.<name>``."""
    return lambda world: {"pk": getattr(world, name).pk}


def _to(name: str, **kwargs: Callable[[Any], Any]) -> Callable[[Any], str]:
    return lambda world: reverse(name, kwargs={k: v(world) for k, v in kwargs.items()})


def _legacy(path: str, viewer: str, target: str) -> Page:
    """allauth's old /accounts/social/ addresses: a permanent redirect to the new ones."""
    return Page((viewer,), status=301, redirects={viewer: _to(target)}, path=lambda world: path)


PAGES: dict[str, Page] = {
    # --- people
    "home": Page(EVERYONE),
    "people:lead_dashboard": Page((LEAD,)),
    "people:team_detail": Page((LEAD, HR), _pk("team")),
    "people:hr_dashboard": Page((HR,)),
    "people:hr_people": Page((HR,)),
    "people:settings": Page(EVERYONE),
    # --- wellbeing
    "wellbeing:check_in": Page((AGENT,)),
    "wellbeing:history": Page((AGENT,)),
    "wellbeing:preferences": Page((AGENT,)),
    "wellbeing:my_data": Page((AGENT,)),
    "wellbeing:export_json": Page((AGENT,), html=False),
    "wellbeing:export_csv": Page((AGENT,), html=False),
    # Leads only: HR see the company (a team beside the company total could be subtracted).
    "wellbeing:team_trends": Page((LEAD,), _pk("team")),
    "wellbeing:company_trends": Page((HR,)),
    "wellbeing:hr_tags": Page((HR,)),
    "wellbeing:hr_tag": Page((HR,), _pk("mood_tag")),
    "wellbeing:hr_resources": Page((HR,)),
    "wellbeing:hr_resource": Page((HR,), _pk("care_resource")),
    # --- recognition
    "recognition:feed": Page(EVERYONE),
    "recognition:give": Page(EVERYONE),
    # The composer's people search: an HTMX fragment of checkboxes, not a page.
    "recognition:recipient_search": Page(EVERYONE, query=lambda world: "q=an", html=False),
    "recognition:kudos_detail": Page(EVERYONE, _pk("kudos")),
    "recognition:my_points": Page(EVERYONE),
    "recognition:leaderboard": Page(EVERYONE),
    "recognition:my_badges": Page(EVERYONE),
    "recognition:award_badge": Page((LEAD, HR)),
    "recognition:baked_badge": Page(
        (AGENT,), lambda world: {"award_pk": world.award.pk}, html=False
    ),
    "recognition:person_badges": Page(EVERYONE, _pk("agent")),
    "recognition:catalog": Page(EVERYONE),
    "recognition:my_redemptions": Page(EVERYONE),
    # GET is the confirmation step (item, cost, balance after); the POST with confirm spends.
    "recognition:request_redemption": Page(EVERYONE, lambda world: {"item_pk": world.reward.pk}),
    "recognition:approvals": Page((LEAD, HR)),
    "recognition:hr_values": Page((HR,)),
    "recognition:hr_value": Page((HR,), _pk("value")),
    "recognition:hr_badges": Page((HR,)),
    "recognition:hr_badge_new": Page((HR,)),
    "recognition:hr_badge": Page((HR,), _pk("badge")),
    "recognition:hr_rewards": Page((HR,)),
    "recognition:hr_reward_new": Page((HR,)),
    "recognition:hr_reward": Page((HR,), _pk("reward")),
    # --- Open Badges documents: public, for backpacks
    "openbadges:issuer": Page((ANONYMOUS,), html=False),
    "openbadges:badge_class": Page(
        (ANONYMOUS,), lambda world: {"slug": world.badge.slug}, html=False
    ),
    "openbadges:badge_image": Page(
        (ANONYMOUS,), lambda world: {"slug": world.badge.slug}, html=False
    ),
    "openbadges:assertion": Page((ANONYMOUS,), lambda world: {"uid": world.award.uid}, html=False),
    # --- performance
    "performance:inbox": Page((AGENT,)),
    "performance:team_feedback": Page((LEAD, HR), lambda world: {"team_pk": world.team.pk}),
    "performance:integrations": Page((HR,)),
    "performance:status": Page((HR,)),
    "performance:rules": Page((HR,)),
    "performance:rule_create": Page((HR,)),
    "performance:rule_edit": Page((HR,), _pk("rule")),
    "performance:rule_preview": Page((HR,), _pk("rule")),
    "performance:event_types": Page((HR,)),
    "performance:event_type": Page(
        (HR,), lambda world: {"pk": EventType.objects.get(slug="qa_review").pk}
    ),
    "performance:csv_import": Page((HR,)),
    "performance:csv_import_errors": Page(
        (HR,), query=lambda world: f"token={world.csv_error_token}", html=False
    ),
    # What Cuida uses about a person: their own page, and the same for their leads and HR.
    "performance:about_me": Page(EVERYONE),
    "performance:person_about": Page((LEAD, HR), _pk("agent")),
    # --- careers
    "careers:my_plan": Page(EVERYONE),
    "careers:my_learning": Page(EVERYONE),
    "careers:enrollment": Page((AGENT,), _pk("enrollment")),
    "careers:catalog": Page(EVERYONE),
    "careers:path_detail": Page(EVERYONE, _pk("path")),
    "careers:person_plan": Page((LEAD, HR), _pk("agent")),
    # A lead of a single team goes straight to that team's plans.
    "careers:my_team_plans": Page(
        (LEAD, HR), redirects={LEAD: _to("careers:team_plans", pk=lambda world: world.team.pk)}
    ),
    "careers:team_plans": Page((LEAD, HR), _pk("team")),
    "careers:hr_tracks": Page((HR,)),
    "careers:hr_track": Page((HR,), _pk("track")),
    "careers:hr_paths": Page((HR,)),
    "careers:hr_path": Page((HR,), _pk("path")),
    "careers:hr_module_add": Page((HR,), _pk("path")),
    "careers:hr_module_edit": Page((HR,), _pk("module")),
    "careers:promotion_queue": Page((HR,)),
    "careers:hr_set_level": Page((HR,), _pk("agent")),
    "careers:hr_readiness": Page((HR,)),
    # --- notifications
    "notifications:list": Page(EVERYONE),
    "notifications:preferences": Page(EVERYONE),
    "notifications:company_defaults": Page((HR,)),
    "notifications:delivery_health": Page((HR,)),
    "notifications:digests": Page(EVERYONE),
    # A digest is its owner's alone: the agent's (tests/unit/notifications/test_digests.py).
    "notifications:digest": Page((AGENT,), _pk("digest")),
    "notifications:announcements": Page((HR,)),
    "notifications:webhooks": Page((HR,)),
    "notifications:webhook_deliveries": Page((HR,), _pk("webhook")),
    "notifications:teams_channels": Page((HR,)),
    "notifications:teams_channel_deliveries": Page((HR,), _pk("teams_channel")),
    # An e-mail's unsubscribe link, opened signed out: the page asks, in the agent's language.
    "notifications:unsubscribe": Page(
        (ANONYMOUS,), lambda world: {"token": make_token(user_id=world.agent.pk, kind="training")}
    ),
    "notifications:slack": Page((HR,)),
    # Slack is not configured in this world (no SLACK_* secrets): there is nothing to install.
    "notifications:slack_install": Page((HR,), status=404),
    "notifications:slack_oauth": Page((HR,), status=404),
    # --- accounts (allauth, in the project's layout). The agent uses two-factor sign-in.
    "account_login": Page((ANONYMOUS,)),
    "account_logout": Page(EVERYONE),
    "account_inactive": Page((ANONYMOUS,)),
    "account_signup": Page((ANONYMOUS,)),
    "account_reauthenticate": Page(EVERYONE),
    "account_email": Page(EVERYONE),
    "account_email_verification_sent": Page((ANONYMOUS,)),
    "account_change_password": Page(EVERYONE),
    # Everyone has a password: allauth sends "set" to "change".
    "account_set_password": Page((AGENT,), redirects={AGENT: _to("account_change_password")}),
    "account_reset_password": Page((ANONYMOUS,)),
    # Signing in by e-mailed code is off: there is no code to confirm.
    "account_confirm_login_code": Page((ANONYMOUS,), redirects={ANONYMOUS: _to("account_login")}),
    "account_confirm_email": Page(
        (ANONYMOUS,), lambda world: {"key": world.email_confirmation_key}
    ),
    "account_reset_password_from_key_done": Page((ANONYMOUS,)),
    # A valid key moves into the session and the browser to the same page without it
    # (so the key never leaks in a Referer header).
    "account_reset_password_from_key": Page(
        (ANONYMOUS,),
        lambda world: {"uidb36": world.reset_uidb36, "key": world.reset_key},
        redirects={
            ANONYMOUS: _to(
                "account_reset_password_from_key",
                uidb36=lambda world: world.reset_uidb36,
                key=lambda world: "set-password",
            )
        },
    ),
    "account_reset_password_done": Page((ANONYMOUS,)),
    "mfa_index": Page(EVERYONE),
    # Only between password and code while signing in; otherwise back to signing in.
    "mfa_authenticate": Page((ANONYMOUS,), redirects={ANONYMOUS: _to("account_login")}),
    "mfa_reauthenticate": Page((AGENT,)),
    "mfa_activate_totp": Page((LEAD, HR)),
    "mfa_deactivate_totp": Page((AGENT,)),
    "mfa_view_recovery_codes": Page((AGENT,)),
    "mfa_generate_recovery_codes": Page((AGENT,)),
    "mfa_download_recovery_codes": Page((AGENT,), html=False),
    "socialaccount_login_cancelled": Page((ANONYMOUS,)),
    # allauth's "sign-in failed" page answers 401.
    "socialaccount_login_error": Page((ANONYMOUS,), status=401),
    # Only in the middle of a sign-in through the identity provider.
    "socialaccount_signup": Page((ANONYMOUS,), redirects={ANONYMOUS: _to("account_login")}),
    "socialaccount_connections": Page(EVERYONE),
    "accounts/social/login/cancelled/": _legacy(
        "/accounts/social/login/cancelled/", ANONYMOUS, "socialaccount_login_cancelled"
    ),
    "accounts/social/login/error/": _legacy(
        "/accounts/social/login/error/", ANONYMOUS, "socialaccount_login_error"
    ),
    "accounts/social/signup/": _legacy(
        "/accounts/social/signup/", ANONYMOUS, "socialaccount_signup"
    ),
    "accounts/social/connections/": _legacy(
        "/accounts/social/connections/", AGENT, "socialaccount_connections"
    ),
    # Single sign-on asks to continue first (no sign-in starts on a GET).
    "openid_connect_login": Page(
        (ANONYMOUS,), lambda world: {"provider_id": world.sso_provider_id}
    ),
    # Reached without the provider's answer: the "sign-in failed" page.
    "openid_connect_callback": Page(
        (ANONYMOUS,), lambda world: {"provider_id": world.sso_provider_id}, status=401
    ),
    # --- operations and API documentation pages
    "healthz": Page((ANONYMOUS,), html=False),
    "api-docs": Page((AGENT,), html=False),
    "api-redoc": Page((AGENT,), html=False),
    # --- installing on a phone: public, as browsers fetch them before anyone signs in
    "manifest": Page((ANONYMOUS, AGENT), html=False),
    "service_worker": Page((ANONYMOUS, AGENT), html=False),
    # The offline page has no navigation and no "sign out", whoever asks.
    "offline": Page((ANONYMOUS,)),
    "favicon": Page((ANONYMOUS,), redirects={ANONYMOUS: lambda world: static("icons/favicon.ico")}),
    # Development only (DEBUG at start-up): uploaded files, such as a badge's image.
    MEDIA: Page((ANONYMOUS,), html=False, path=lambda world: world.badge_image_url),
}

# URLs that only take POST: their GET answers 405, so they are no page.
ACTIONS = {
    "people:set_language",
    "people:api_token_create",
    "people:api_token_revoke",
    "wellbeing:set_sharing",
    "wellbeing:ask_for_chat",
    "wellbeing:resolve_chat",
    "wellbeing:hr_tag_active",
    "wellbeing:hr_tags_reorder",
    "wellbeing:hr_resource_active",
    "wellbeing:hr_resources_reorder",
    "recognition:react",
    "recognition:leaderboard_opt_in",
    "recognition:revoke_badge",
    "recognition:cancel_redemption",
    "recognition:approve_redemption",
    "recognition:reject_redemption",
    "recognition:fulfil_redemption",
    "recognition:hr_value_retire",
    "recognition:hr_value_reactivate",
    "recognition:hr_badge_retire",
    "recognition:hr_badge_reactivate",
    "recognition:hr_reward_retire",
    "recognition:hr_reward_reactivate",
    "performance:mark_read",
    "performance:share_compliment",
    "performance:api_key_create",
    "performance:agent_mapping_create",
    "performance:api_key_revoke",
    "performance:retry_failed",
    "performance:exclude_events",
    "performance:team_comparison",
    "performance:metric_add",
    "performance:metric_update",
    "performance:metric_remove",
    "careers:private_notes",
    "careers:update_goal",
    "careers:withdraw",
    "careers:complete_module",
    "careers:enroll",
    "careers:set_target",
    "careers:add_goal",
    "careers:add_coaching_note",
    "careers:assign_path",
    "careers:endorse",
    "careers:hr_track_copy",
    "careers:hr_level_add",
    "careers:hr_levels_reorder",
    "careers:hr_level_edit",
    "careers:hr_level_delete",
    "careers:hr_requirement_add",
    "careers:hr_requirements_reorder",
    "careers:hr_requirement_delete",
    "careers:hr_modules_reorder",
    "careers:hr_module_delete",
    "careers:hr_promotion_approve",
    "careers:hr_promotion_decline",
    "notifications:mark_all_read",
    "notifications:webhook_deactivate",
    "notifications:delivery_retry",
    "notifications:teams_channel_deactivate",
    "notifications:failed_delivery_retry",
    "notifications:slack_events",
    "notifications:slack_channel",
    "notifications:slack_uninstall",
}


# --- The URL resolver ---------------------------------------------------------------------


def _walk(
    patterns: list[Any], route: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    """(URL name with its namespaces, or the route when unnamed; route; pattern)."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, route + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            full_route = route + str(entry.pattern)
            key = f"{namespace}{entry.name}" if entry.name else full_route
            yield key, full_route, entry


def project_urls() -> dict[str, URLPattern]:
    return {
        key: pattern
        for key, route, pattern in _walk(get_resolver().url_patterns)
        if not route.startswith(NOT_PAGES)
    }


# --- A small but complete organisation ----------------------------------------------------


def _compliment(person: Any, n: int) -> dict[str, Any]:
    return {
        "external_id": f"compliment-{person.pk}-{n}",
        "email": person.email,
        "type": "customer_compliment",
        "occurred_at": timezone.now().isoformat(),
        "text": "¡Me resolvió todo en una llamada!",
    }


def build_world(
    django_capture_on_commit_callbacks: Any, *, second_factor: bool = True
) -> SimpleNamespace:
    """A team with two agents and a lead, and HR, all in Spanish, with every counter at 2+.
    With ``second_factor``, the agent signs in with a second factor too, so the two-factor
    pages have something to show.
    """
    w = SimpleNamespace()
    w.team = TeamFactory(name="Soporte")

    def person(name: str, role: str | None = None, **extra: Any) -> Any:
        user = UserFactory(display_name=name, preferred_language="es", **extra)
        if role is not None:
            MembershipFactory(team=w.team, role=role, user=user)
        return user

    w.agent = person("Ana Agente", Role.AGENT)
    w.teammate = person("Tomás Compañero", Role.AGENT)
    w.lead = person("Lía Líder", Role.LEAD)
    w.hr = person("Hilda RR. HH.")
    w.hr.groups.add(Group.objects.get_or_create(name="HR")[0])

    with django_capture_on_commit_callbacks(execute=True):
        # Wellbeing: a tag and a care resource HR added, today's check-in.
        w.mood_tag = wellbeing_services.create_mood_tag(
            actor=w.hr, name_en="Calm after a call", name_es="Calma tras una llamada"
        )
        w.care_resource = wellbeing_services.create_care_resource(
            actor=w.hr,
            title_en="Support line",
            title_es="Línea de apoyo",
            body_es="Gratuita y confidencial, a cualquier hora.",
            phone="+34 900 123 456",
        )
        wellbeing_services.record_check_in(
            user=w.agent, mood=4, energy=3, stress=2, tag_slugs=[], note="", shared_with_lead=True
        )
        # Recognition: kudos with points both ways, a badge, a reward, two pending requests.
        w.kudos = give_kudos(
            giver=w.teammate,
            recipient_ids=[w.agent.pk],
            message="¡Gracias por cubrirme!",
            value_slugs=["teamwork"],
            points_each=40,
        )
        give_kudos(
            giver=w.agent,
            recipient_ids=[w.teammate.pk],
            message="¡Gracias a ti!",
            value_slugs=["teamwork"],
            points_each=40,
        )
        w.value = ValueTag.objects.get(slug="teamwork")
        w.badge = BadgeClass.objects.create(
            slug="calma",
            name_en="Calma",
            name_es="Calma",
            description_en="Serenidad",
            description_es="Serenidad",
            criteria_en="Diez llamadas",
            criteria_es="Diez llamadas",
        )
        w.award = award_badge(badge_class=w.badge, recipient=w.agent, awarded_by=w.lead)
        w.reward = RewardItem.objects.create(
            name_en="Media jornada libre", name_es="Media jornada libre", cost=10, stock=5
        )
        w.redemptions = [
            request_redemption(user=someone, item_id=w.reward.pk)
            for someone in (w.agent, w.teammate)
        ]
        # Performance: an integration with a key, the default rules, two compliments each.
        w.integration = create_integration(actor=None, name="Centro de contacto")
        create_api_key(actor=None, integration=w.integration, name="principal")
        install_default_rules()
        w.rule = Rule.objects.order_by("pk").first()
        events = [_compliment(someone, n) for someone in (w.agent, w.teammate) for n in (1, 2)]
        ingest_events(integration=w.integration, events=events, body=json.dumps(events).encode())
        # Careers: a track of two levels, a path with a quiz, an enrollment, plans, goals
        # and two endorsements waiting for HR.
        w.track = track_services.create_track(
            actor=w.hr, name_en="Customer Service", name_es="Atención al cliente"
        )
        level_one = track_services.add_level(
            actor=w.hr, track=w.track, name_en="Agent I", name_es="Agente I"
        )
        level_two = track_services.add_level(
            actor=w.hr, track=w.track, name_en="Agent II", name_es="Agente II"
        )
        track_services.add_requirement(
            actor=w.hr, level=level_two, kind="badge", badge_class_id=w.badge.pk
        )
        w.path = training_services.create_path(
            actor=w.hr, name_en="Kind words", name_es="Palabras amables", points=10
        )
        training_services.add_module(
            actor=w.hr,
            path=w.path,
            title_en="Check yourself",
            title_es="Compruébalo",
            body_en="A short quiz.",
            estimated_minutes=5,
            pass_mark=50,
            questions=[
                {
                    "prompt_en": "First you…",
                    "choices": [
                        {"text_en": "Listen", "correct": True},
                        {"text_en": "Interrupt", "correct": False},
                    ],
                }
            ],
        )
        w.module = Module.objects.filter(path=w.path).first()
        w.enrollment = training_services.enroll(user=w.agent, path=w.path)
        for someone in (w.agent, w.teammate):
            promotion_services.set_level(actor=w.hr, agent=someone, level=level_one)
            plan_services.set_target_level(actor=w.lead, agent=someone, level_id=level_two.pk)
            plan_services.add_goal(
                actor=w.lead,
                agent=someone,
                text="Terminar la ruta de palabras amables",
                due_on=timezone.localdate() + dt.timedelta(days=30),
            )
            promotion_services.endorse(actor=w.lead, agent=someone, note="Lista")
        # The agent's weekly digest of this week (kudos, a badge, points, compliments).
        today = timezone.localdate(timezone=w.agent.time_zone)
        monday = today - dt.timedelta(days=today.weekday())
        w.digest = compose_digest(user=w.agent, week_start=monday)
        # Notifications: at least two unread for everyone who signs in.
        for someone in (w.agent, w.lead, w.hr):
            for n in (1, 2):
                notify(user=someone, kind="announcement", message=f"Aviso {n}", url="/")
        # An announcement e-mail that could not be sent (the deliveries page, its retry).
        Delivery.objects.filter(user=w.agent).update(
            status=Delivery.Status.FAILED, attempts=6, last_error="SMTPServerDisconnected"
        )

    # Outbound webhooks: one with a delivery that failed (its answer, its retry button).
    w.webhook, _secret = create_webhook(
        actor=w.hr,
        name="Intranet",
        url="https://intranet.example.com/cuida",
        event_kinds=["kudos.given"],
    )
    [delivery] = announce(kind="kudos.given", data={"kudos_id": w.kudos.pk})
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.FAILED, attempts=1, last_status_code=410, last_response="Gone"
    )
    # A company-wide Teams channel with a failed announcement (its retry button).
    w.teams_channel = create_channel(
        actor=w.hr,
        name="Todo el centro",
        url="https://example.logic.azure.com/workflows/1?sig=abc",
        team=None,
        event_kinds=["kudos.given"],
    )
    [_webhook_delivery, teams_delivery] = announce(
        kind="kudos.given", data={"kudos_id": w.kudos.pk, "recipients": []}
    )
    WebhookDelivery.objects.filter(pk=teams_delivery.pk).update(
        status=WebhookDelivery.Status.FAILED, attempts=3, last_status_code=429
    )
    # A Slack workspace HR installed, with its public kudos channel.
    w.slack_workspace = SlackWorkspace.objects.create(
        team_id="T0CUIDA", name="Centro Cuida", bot_token_encrypted="-", kudos_channel_id="C0KUDOS"
    )
    w.csv_error_token = error_report_token(
        [RowError(row=2, external_id="e-1", field="agent", message="Persona desconocida")]
    )
    # Confirmed addresses (allauth lets only those add a second factor), and one waiting
    # for its confirmation link.
    for someone in (w.agent, w.lead, w.hr):
        EmailAddress.objects.create(user=someone, email=someone.email, primary=True, verified=True)
    w.email_confirmation_key = EmailConfirmationHMAC(
        EmailAddress.objects.create(
            user=w.teammate, email=w.teammate.email, primary=True, verified=False
        )
    ).key
    # The teammate never signs in here: signing in changes last_login, which voids the key.
    w.reset_uidb36 = user_pk_to_url_str(w.teammate)
    w.reset_key = default_token_generator.make_token(w.teammate)
    if second_factor:
        w.totp_secret = generate_totp_secret()
        TOTP.activate(w.agent, w.totp_secret)
        RecoveryCodes.activate(w.agent)
    w.sso_provider_id = "sso"
    w.badge.refresh_from_db()
    w.badge_image_url = w.badge.image.url

    # The premise: every counter the navigation shows takes its plural form.
    assert unread_count(user=w.agent) >= 2
    assert unread_count(user=w.lead) >= 2
    assert unread_count(user=w.hr) >= 2
    assert unread_feedback_count(user=w.agent) >= 2
    assert pending_approvals_count(viewer=w.lead) >= 2
    assert pending_approvals_count(viewer=w.hr) >= 2
    assert pending_promotions_count(viewer=w.hr) >= 2
    return w


def configure_deployment(settings: Any, monkeypatch: Any, tmp_path: Path) -> None:
    """Uploads in a private directory; single sign-on configured as OIDC_* would (the
    provider's address is never contacted: no page here completes a sign-in)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    media = project_urls().get(MEDIA)
    if media is not None:
        # The development route for uploads took MEDIA_ROOT when config/urls.py was imported.
        monkeypatch.setitem(media.default_args, "document_root", settings.MEDIA_ROOT)
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "sso",
                    "name": "SSO",
                    "client_id": "cuida",
                    "secret": "not-a-secret",
                    "settings": {"server_url": "http://127.0.0.1:9"},
                }
            ]
        }
    }


def open_url(page: Page, key: str, world: SimpleNamespace) -> str:
    if page.path is not None:
        return page.path(world)
    url = reverse(key, kwargs=page.kwargs(world))
    query = page.query(world)
    return f"{url}?{query}" if query else url


def signed_in(viewer: str, world: SimpleNamespace, language: str = "es") -> Client:
    """A browser in ``language`` (Spanish unless told), signed in through the sign-in form
    (and the second factor), then confirming the password again, as allauth's two-factor
    pages ask first. Signed in, people read their own preferred language (the world's are
    Spanish). Failures are collected rather than raised; django.request logs each 500's
    traceback."""
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    if viewer == ANONYMOUS:
        return client
    user = getattr(world, viewer)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    if response.status_code == 302 and response["Location"] == reverse("mfa_authenticate"):
        code = hotp_value(world.totp_secret, next(yield_hotp_counters_from_time()))
        client.post(reverse("mfa_authenticate"), {"code": format_hotp_value(code)})
    assert client.session.get("_auth_user_id") == str(user.pk), f"{viewer} could not sign in"
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client


def visit_every_page(
    world: SimpleNamespace, language: str = "es"
) -> Iterator[tuple[Page, str, str, Any]]:
    """Open every page as each person who may see it: (page, viewer, url, response)."""
    clients = {viewer: signed_in(viewer, world, language) for viewer in (*EVERYONE, ANONYMOUS)}
    for key in sorted(set(project_urls()) - ACTIONS):
        page = PAGES[key]
        url = open_url(page, key, world)
        for viewer in page.viewers:
            yield page, viewer, url, clients[viewer].get(url)
