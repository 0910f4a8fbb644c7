"""Invariant 5, project-wide: every route of the project — pages, HTMX partials, the API,
Open Badges, the accounts pages and the admin — walked as every persona with every method
it may be called with.

The routes come from the URL resolver, so a new route is walked without anyone listing it;
its path parameters must be filled from ``FILL`` (or, in the admin, from the model behind
the page), and a route the walk cannot fill fails ``test_every_route_can_be_filled``.

Each request runs in a savepoint that is rolled back, so every request sees the same
``World`` whatever the requests before it wrote. The walk asserts that nothing answers 5xx,
that anonymous visitors get nothing but the public pages, that the agent's secrets reach
nobody else, and the ``EXPECTED`` outcomes for private objects and other teams' data.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from notifications.unsubscribe import make_token
from tests.unit.url_walk_world import SECRETS, World, build_world
from wellbeing.models import CareResource, MoodTag

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "agent",
    "teammate",
    "other_team_agent",
    "team_lead",
    "other_team_lead",
    "hr_admin",
    "staff_user",  # a Django superuser who is not in HR
)
API_METHODS = ("get", "post", "put", "patch", "delete")
# Pages are forms and links: browsers send GET and POST only.
PAGE_METHODS = ("get", "post")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"; unnamed routes get their pattern
    pattern: str
    kwargs: tuple[str, ...]
    callback: Any

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/v1/")

    @property
    def is_ours(self) -> bool:
        """Our own pages and API; the admin, allauth, the API docs and anymail's webhooks
        (served only when an e-mail provider is configured) are third-party."""
        return not self.pattern.startswith(
            ("admin/", "accounts/", "api/schema", "api/docs", "anymail/")
        )

    @property
    def methods(self) -> tuple[str, ...]:
        view_class = getattr(self.callback, "cls", None) or getattr(
            self.callback, "view_class", None
        )
        if view_class is not None and self.is_api:
            return tuple(m for m in API_METHODS if hasattr(view_class, m))
        if not self.is_ours:
            # GET only: a POST to these pages signs in or out, or deletes through the admin.
            return ("get",)
        return _declared_methods(self.callback) or PAGE_METHODS

    @property
    def personas(self) -> tuple[str, ...]:
        """Third-party pages only tell staff from everyone else: four personas suffice."""
        if self.is_ours:
            return PERSONAS
        if self.pattern.startswith("admin/"):
            return ("anonymous", "hr_admin", "staff_user")
        return ("anonymous", "agent")

    @property
    def answers_htmx(self) -> bool:
        """Views that serve a partial to HTMX are walked with and without ``HX-Request``."""
        if not self.is_ours or self.is_api:
            return False
        return "htmx" in inspect.getsource(inspect.unwrap(self.callback))


def _declared_methods(view: Any) -> tuple[str, ...] | None:
    """The methods a ``require_http_methods`` (``require_POST``…) decorator allows: the
    list sits in the closure of the decorator's wrapper."""
    while view is not None:
        for cell in getattr(view, "__closure__", None) or ():
            value = cell.cell_contents
            if (
                isinstance(value, (list, tuple))
                and value
                and all(isinstance(m, str) and m.isupper() for m in value)
            ):
                return tuple(m.lower() for m in value if m.lower() in API_METHODS)
        view = getattr(view, "__wrapped__", None)
    return None


def _walk_resolver(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk_resolver(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            kwargs = tuple(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern))
            names = tuple(a or b for a, b in kwargs)
            yield Route(
                name=name or pattern, pattern=pattern, kwargs=names, callback=entry.callback
            )


def all_routes() -> list[Route]:
    return list(_walk_resolver(get_resolver().url_patterns))


# --- Filling path parameters -------------------------------------------------------------

Filler = Callable[[World], Any]
AGENT: Filler = lambda w: w.agent.pk  # noqa: E731
TEAM: Filler = lambda w: w.team.pk  # noqa: E731


# Route name -> {parameter: what fills it}. A route missing here (outside the admin) fails
# ``test_every_route_can_be_filled``: add it, pointing at the agent's own object where
# there is one, so the walk checks who else can reach it.
def _value_pk() -> int:
    """A company value the data migration installs (recognition 0002)."""
    from recognition.models import ValueTag

    return ValueTag.objects.get(slug="teamwork").pk


FILL: dict[str, dict[str, Filler]] = {
    "people:team_detail": {"pk": TEAM},
    "people:api_token_revoke": {"pk": lambda w: w.api_token.pk},
    "wellbeing:set_sharing": {"pk": lambda w: w.check_in.pk},
    "wellbeing:team_trends": {"pk": TEAM},
    "wellbeing:resolve_chat": {"pk": lambda w: w.chat_request.pk},
    # The tags and care resources the first migration installs.
    "wellbeing:hr_tag": {"pk": lambda w: MoodTag.objects.order_by("pk")[0].pk},
    "wellbeing:hr_tag_active": {"pk": lambda w: MoodTag.objects.order_by("pk")[0].pk},
    "wellbeing:hr_resource": {"pk": lambda w: CareResource.objects.order_by("pk")[0].pk},
    "wellbeing:hr_resource_active": {"pk": lambda w: CareResource.objects.order_by("pk")[0].pk},
    "recognition:kudos_detail": {"pk": lambda w: w.kudos.pk},
    "recognition:react": {"pk": lambda w: w.kudos.pk},
    "recognition:baked_badge": {"award_pk": lambda w: w.award.pk},
    "recognition:person_badges": {"pk": AGENT},
    "recognition:revoke_badge": {"award_pk": lambda w: w.award.pk},
    "recognition:request_redemption": {"item_pk": lambda w: w.item.pk},
    "recognition:cancel_redemption": {"pk": lambda w: w.redemption.pk},
    "recognition:approve_redemption": {"pk": lambda w: w.redemption.pk},
    "recognition:reject_redemption": {"pk": lambda w: w.redemption.pk},
    "recognition:fulfil_redemption": {"pk": lambda w: w.approved_redemption.pk},
    "recognition:hr_value": {"pk": lambda w: _value_pk()},
    "recognition:hr_value_retire": {"pk": lambda w: _value_pk()},
    "recognition:hr_value_reactivate": {"pk": lambda w: _value_pk()},
    "recognition:hr_badge": {"pk": lambda w: w.badge.pk},
    "recognition:hr_badge_retire": {"pk": lambda w: w.badge.pk},
    "recognition:hr_badge_reactivate": {"pk": lambda w: w.badge.pk},
    "recognition:hr_reward": {"pk": lambda w: w.item.pk},
    "recognition:hr_reward_retire": {"pk": lambda w: w.item.pk},
    "recognition:hr_reward_reactivate": {"pk": lambda w: w.item.pk},
    "openbadges:badge_class": {"slug": lambda w: w.badge.slug},
    "openbadges:badge_image": {"slug": lambda w: w.badge.slug},
    "openbadges:assertion": {"uid": lambda w: w.award.uid},
    "performance:share_compliment": {"pk": lambda w: w.feedback.pk},
    "performance:team_feedback": {"team_pk": TEAM},
    "performance:api_key_create": {"pk": lambda w: w.integration.pk},
    "performance:agent_mapping_create": {"pk": lambda w: w.integration.pk},
    "performance:api_key_revoke": {"pk": lambda w: w.api_key.pk},
    "performance:rule_edit": {"pk": lambda w: w.rule.pk},
    "performance:rule_preview": {"pk": lambda w: w.rule.pk},
    "performance:event_type": {"pk": lambda w: w.rule.event_type_id},
    "performance:metric_add": {"pk": lambda w: w.rule.event_type_id},
    "performance:metric_update": {"pk": lambda w: w.rule.event_type.metrics.first().pk},
    "performance:metric_remove": {"pk": lambda w: w.rule.event_type.metrics.first().pk},
    "api:event-type-detail": {"pk": lambda w: w.rule.event_type_id},
    "api:metric-create": {"pk": lambda w: w.rule.event_type_id},
    "api:metric-detail": {"pk": lambda w: w.rule.event_type.metrics.first().pk},
    "careers:update_goal": {"goal_pk": lambda w: w.goal.pk},
    "careers:withdraw": {"promotion_pk": lambda w: w.promotion.pk},
    "careers:enrollment": {"pk": lambda w: w.enrollment.pk},
    "careers:complete_module": {
        "pk": lambda w: w.enrollment.pk,
        "module_pk": lambda w: w.module.pk,
    },
    "careers:path_detail": {"pk": lambda w: w.path.pk},
    "careers:enroll": {"pk": lambda w: w.path.pk},
    "careers:person_plan": {"pk": AGENT},
    "performance:person_about": {"pk": AGENT},
    "careers:set_target": {"pk": AGENT},
    "careers:add_goal": {"pk": AGENT},
    "careers:add_coaching_note": {"pk": AGENT},
    "careers:assign_path": {"pk": AGENT},
    "careers:endorse": {"pk": AGENT},
    "careers:team_plans": {"pk": TEAM},
    "careers:hr_track": {"pk": lambda w: w.track.pk},
    "careers:hr_track_copy": {"pk": lambda w: w.track.pk},
    "careers:hr_level_add": {"pk": lambda w: w.track.pk},
    "careers:hr_levels_reorder": {"pk": lambda w: w.track.pk},
    "careers:hr_level_edit": {"pk": lambda w: w.level.pk},
    "careers:hr_level_delete": {"pk": lambda w: w.level.pk},
    "careers:hr_requirement_add": {"pk": lambda w: w.level.pk},
    "careers:hr_requirements_reorder": {"pk": lambda w: w.level.pk},
    "careers:hr_requirement_delete": {"pk": lambda w: w.requirement.pk},
    "careers:hr_path": {"pk": lambda w: w.path.pk},
    "careers:hr_module_add": {"pk": lambda w: w.path.pk},
    "careers:hr_modules_reorder": {"pk": lambda w: w.path.pk},
    "careers:hr_module_edit": {"pk": lambda w: w.module.pk},
    "careers:hr_module_delete": {"pk": lambda w: w.module.pk},
    "careers:hr_promotion_approve": {"pk": lambda w: w.promotion.pk},
    "careers:hr_promotion_decline": {"pk": lambda w: w.promotion.pk},
    "careers:hr_set_level": {"pk": AGENT},
    "notifications:digest": {"pk": lambda w: w.digest.pk},
    "notifications:webhook_deliveries": {"pk": lambda w: w.webhook.pk},
    "notifications:webhook_deactivate": {"pk": lambda w: w.webhook.pk},
    "notifications:delivery_retry": {"pk": lambda w: w.delivery.pk},
    "notifications:failed_delivery_retry": {"pk": lambda w: w.notification_delivery.pk},
    "notifications:teams_channel_deliveries": {"pk": lambda w: w.teams_channel.pk},
    "notifications:teams_channel_deactivate": {"pk": lambda w: w.teams_channel.pk},
    # The agent's link, so the walk checks that anyone holding it may use it and only it.
    "notifications:unsubscribe": {
        "token": lambda w: make_token(user_id=w.agent.pk, kind="training")
    },
    "notifications:slack_channel": {"pk": lambda w: w.slack_workspace.pk},
    "notifications:slack_uninstall": {"pk": lambda w: w.slack_workspace.pk},
    "api:team-members": {"pk": TEAM},
    "api:wellbeing-check-in-detail": {"pk": lambda w: w.check_in.pk},
    "api:wellbeing-check-in-sharing": {"pk": lambda w: w.check_in.pk},
    "api:wellbeing-team-trends": {"pk": TEAM},
    "api:performance-rule": {"pk": lambda w: w.rule.pk},
    "api:performance-rule-preview": {"pk": lambda w: w.rule.pk},
    "api:recognition-kudos-detail": {"pk": lambda w: w.kudos.pk},
    "api:recognition-kudos-reactions": {"pk": lambda w: w.kudos.pk},
    "api:recognition-person-badges": {"pk": AGENT},
    "api:recognition-award-revoke": {"pk": lambda w: w.award.pk},
    "api:recognition-redemption-approve": {"pk": lambda w: w.redemption.pk},
    "api:recognition-redemption-reject": {"pk": lambda w: w.redemption.pk},
    "api:recognition-redemption-fulfil": {"pk": lambda w: w.approved_redemption.pk},
    "api:recognition-redemption-cancel": {"pk": lambda w: w.redemption.pk},
    "api:careers-track": {"pk": lambda w: w.track.pk},
    "api:careers-track-copy": {"pk": lambda w: w.track.pk},
    "api:careers-levels": {"pk": lambda w: w.track.pk},
    "api:careers-levels-order": {"pk": lambda w: w.track.pk},
    "api:careers-level": {"pk": lambda w: w.level.pk},
    "api:careers-requirements": {"pk": lambda w: w.level.pk},
    "api:careers-requirements-order": {"pk": lambda w: w.level.pk},
    "api:careers-requirement": {"pk": lambda w: w.requirement.pk},
    "api:careers-path": {"pk": lambda w: w.path.pk},
    "api:careers-modules": {"pk": lambda w: w.path.pk},
    "api:careers-modules-order": {"pk": lambda w: w.path.pk},
    "api:careers-path-enroll": {"pk": lambda w: w.path.pk},
    "api:careers-module": {"pk": lambda w: w.module.pk},
    "api:careers-enrollment": {"pk": lambda w: w.enrollment.pk},
    "api:careers-module-complete": {
        "pk": lambda w: w.enrollment.pk,
        "module_id": lambda w: w.module.pk,
    },
    "api:careers-plan": {"user_id": AGENT},
    "api:careers-plan-readiness": {"user_id": AGENT},
    "api:careers-plan-goals": {"user_id": AGENT},
    "api:careers-plan-notes": {"user_id": AGENT},
    "api:careers-plan-history": {"user_id": AGENT},
    "api:careers-goal": {"pk": lambda w: w.goal.pk},
    "api:careers-team-plans": {"team_id": TEAM},
    "api:careers-promotion-approve": {"pk": lambda w: w.promotion.pk},
    "api:careers-promotion-decline": {"pk": lambda w: w.promotion.pk},
    "api:careers-promotion-withdraw": {"pk": lambda w: w.promotion.pk},
    # Uploaded files, served by Django itself only when DEBUG is on.
    "^media/(?P<path>.*)$": {"path": lambda w: "walk-missing.png"},
    # allauth: links from e-mails and sign-in providers; made-up values must be answered.
    "openid_connect_login": {"provider_id": lambda w: "oidc"},
    "openid_connect_callback": {"provider_id": lambda w: "oidc"},
    "account_confirm_email": {"key": lambda w: "walk-not-a-key"},
    "account_reset_password_from_key": {
        "uidb36": lambda w: "1",
        "key": lambda w: "walk-not-a-key",
    },
}


def _admin_fill(route: Route, world: World) -> dict[str, Any] | None:
    """Admin pages: ``object_id`` is the first row of the model behind the page (or an id
    that does not exist, which the admin answers with a redirect), ``app_label`` an app."""
    if not route.pattern.startswith("admin/"):
        return None
    values: dict[str, Any] = {}
    model_admin = getattr(route.callback, "model_admin", None)
    for name in route.kwargs:
        if name == "object_id" and model_admin is not None:
            first = model_admin.model._default_manager.order_by("pk").first()
            values[name] = first.pk if first is not None else 0
        elif name == "object_id" or name == "id":
            values[name] = world.agent.pk
        elif name == "content_type_id":
            values[name] = ContentType.objects.get_for_model(type(world.agent)).pk
        elif name == "app_label":
            values[name] = "recognition"
        elif name == "url":  # the catch-all that redirects unknown admin URLs
            values[name] = "walk-unknown/"
        else:
            return None
    return values


def fill(route: Route, world: World) -> str | None:
    """The route's URL with real values, or None when the walk does not know how."""
    values = _admin_fill(route, world)
    if values is None:
        fillers = FILL.get(route.name, {})
        if set(route.kwargs) - set(fillers):
            return None
        values = {name: fillers[name](world) for name in route.kwargs}
    url = "/" + route.pattern
    for name, value in values.items():
        url = re.sub(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)", str(value), url)
    return url.replace("^", "").replace("$", "").replace("\\", "")


# --- The walk ----------------------------------------------------------------------------


# Minimal valid bodies for writes on private objects, so that the owner's request succeeds
# and everyone else's is refused for who they are, not for an empty form. Every other write
# is sent empty.
BODY: dict[str, Callable[[World], dict[str, Any]]] = {
    "wellbeing:set_sharing": lambda w: {"shared": "1"},
    "api:wellbeing-check-in-sharing": lambda w: {"shared": True},
    "recognition:revoke_badge": lambda w: {"reason": "Given by mistake", "confirm": "yes"},
    "recognition:request_redemption": lambda w: {"confirm": "yes"},
    "api:recognition-award-revoke": lambda w: {"reason": "Given by mistake"},
    "recognition:reject_redemption": lambda w: {"reason": "Not this month"},
    "api:recognition-redemption-reject": lambda w: {"reason": "Not this month"},
    "careers:add_goal": lambda w: {"text": "Shadow a senior agent"},
    "api:careers-plan-goals": lambda w: {"text": "Shadow a senior agent"},
    "careers:update_goal": lambda w: {"status": "done"},
    "api:careers-goal": lambda w: {"status": "done"},
    "careers:add_coaching_note": lambda w: {"text": "Good progress."},
    "api:careers-plan-notes": lambda w: {"text": "Good progress."},
    "careers:hr_promotion_decline": lambda w: {"reason": "Six more months first."},
    "api:careers-promotion-decline": lambda w: {"reason": "Six more months first."},
}

SIGNED_IN = PERSONAS[1:]
HIDDEN = {404}  # someone else's object: the answer does not even say it exists


def outcome(default: set[int], **by_persona: set[int]) -> dict[str, set[int]]:
    """The statuses each signed-in persona may get: ``default`` unless named."""
    return {persona: by_persona.get(persona, default) for persona in SIGNED_IN}


def _team_data(ok: int, **more: set[int]) -> dict[str, set[int]]:
    """The agent's team's aggregates: its lead and HR read them, nobody else."""
    return outcome(HIDDEN, **{"team_lead": {ok}, "hr_admin": {ok}, **more})


def _plan(ok: int, **more: set[int]) -> dict[str, set[int]]:
    """The agent's career plan: the agent, their lead and HR (who read it), nobody else."""
    return outcome(HIDDEN, **{"agent": {ok}, "team_lead": {ok}, "hr_admin": {ok}, **more})


# (route name, method) -> who gets what, for the agent's private objects and for the data of
# the agent's team (which the other team's agent and lead must not reach). Checked on the
# plain (non-HTMX) requests of the walk.
EXPECTED: dict[tuple[str, str], dict[str, set[int]]] = {
    # Someone else's check-in: only its author, wherever it is asked for.
    ("api:wellbeing-check-in-detail", "get"): outcome(HIDDEN, agent={200}),
    ("api:wellbeing-check-in-sharing", "post"): outcome(HIDDEN, agent={200}),
    ("wellbeing:set_sharing", "post"): outcome(HIDDEN, agent={302}),
    ("wellbeing:resolve_chat", "post"): outcome(HIDDEN, team_lead={302}),
    # The agent's weekly digest: theirs alone, their lead and HR included.
    ("notifications:digest", "get"): outcome(HIDDEN, agent={200}),
    # The agent's own badge file, reward request, compliment and training.
    ("recognition:baked_badge", "get"): outcome(HIDDEN, agent={200}),
    ("recognition:cancel_redemption", "post"): outcome(HIDDEN, agent={302}),
    ("api:recognition-redemption-cancel", "post"): outcome(HIDDEN, agent={200}),
    ("performance:share_compliment", "post"): outcome(HIDDEN, agent={302}),
    ("careers:enrollment", "get"): outcome(HIDDEN, agent={200}),
    ("careers:complete_module", "post"): outcome(HIDDEN, agent={200}),
    ("api:careers-enrollment", "get"): outcome(HIDDEN, agent={200}),
    ("api:careers-module-complete", "post"): outcome(HIDDEN, agent={400}),
    # The career plan (its private notes are checked by the secrets, everywhere).
    ("careers:person_plan", "get"): _plan(200, agent={302}),
    # What Cuida uses about the agent: the agent, their leads and HR (staff is no one's lead).
    ("performance:person_about", "get"): _plan(200),
    ("api:careers-plan", "get"): _plan(200),
    ("api:careers-plan-readiness", "get"): _plan(200),
    ("api:careers-plan-history", "get"): _plan(200),
    ("careers:add_goal", "post"): _plan(302, hr_admin={403}),
    ("api:careers-plan-goals", "post"): _plan(201, hr_admin={403}),
    ("careers:update_goal", "post"): _plan(302, hr_admin={403}),
    ("api:careers-goal", "patch"): _plan(200, hr_admin={403}),
    ("careers:add_coaching_note", "post"): _plan(302, agent={403}, hr_admin={403}),
    ("api:careers-plan-notes", "post"): _plan(201, agent={403}, hr_admin={403}),
    # Deciding about the agent: their lead or HR; the agent never (invariant 8).
    ("recognition:approve_redemption", "post"): outcome(
        HIDDEN,
        agent={403},
        teammate={403},
        other_team_agent={403},
        staff_user={403},
        team_lead={302},
        hr_admin={302},
    ),
    ("api:recognition-redemption-approve", "post"): outcome(
        HIDDEN, agent={403}, team_lead={200}, hr_admin={200}
    ),
    ("recognition:reject_redemption", "post"): outcome(
        HIDDEN,
        agent={403},
        teammate={403},
        other_team_agent={403},
        staff_user={403},
        team_lead={302},
        hr_admin={302},
    ),
    ("api:recognition-redemption-reject", "post"): outcome(
        HIDDEN, agent={403}, team_lead={200}, hr_admin={200}
    ),
    ("recognition:revoke_badge", "post"): outcome(
        HIDDEN, agent={403}, team_lead={302}, hr_admin={302}
    ),
    ("api:recognition-award-revoke", "post"): outcome(
        HIDDEN, agent={403}, team_lead={200}, hr_admin={200}
    ),
    ("careers:hr_promotion_decline", "post"): outcome({403}, hr_admin={302}),
    ("api:careers-promotion-decline", "post"): outcome({403}, hr_admin={200}),
    # The agent's team: the other team's agent and lead (and an admin) get nothing.
    ("people:team_detail", "get"): _team_data(200, agent={200}, teammate={200}),
    ("api:team-members", "get"): _team_data(200, agent={200}, teammate={200}),
    # A team's wellbeing trends: its lead only (HR see the company, never one team beside it).
    ("wellbeing:team_trends", "get"): outcome(HIDDEN, team_lead={200}),
    ("api:wellbeing-team-trends", "get"): outcome(HIDDEN, team_lead={200}),
    ("performance:team_feedback", "get"): _team_data(200),
    ("careers:team_plans", "get"): _team_data(200),
    ("api:careers-team-plans", "get"): _team_data(200),
    # Company-wide aggregates and HR's queues: HR only.
    ("wellbeing:company_trends", "get"): outcome({403}, hr_admin={200}),
    ("api:wellbeing-company-trends", "get"): outcome({403}, hr_admin={200}),
    # HR's wellbeing content (check-in tags, care resources): HR only.
    ("wellbeing:hr_tags", "get"): outcome({403}, hr_admin={200}),
    ("wellbeing:hr_tag", "get"): outcome({403}, hr_admin={200}),
    ("wellbeing:hr_tag_active", "post"): outcome({403}, hr_admin={302}),
    ("wellbeing:hr_tags_reorder", "post"): outcome({403}, hr_admin={302}),
    ("wellbeing:hr_resources", "get"): outcome({403}, hr_admin={200}),
    ("wellbeing:hr_resource", "get"): outcome({403}, hr_admin={200}),
    ("wellbeing:hr_resource_active", "post"): outcome({403}, hr_admin={302}),
    ("wellbeing:hr_resources_reorder", "post"): outcome({403}, hr_admin={302}),
    ("careers:promotion_queue", "get"): outcome({403}, hr_admin={200}),
    ("api:careers-readiness", "get"): outcome({403}, hr_admin={200}),
}

# Routes anonymous visitors may open: signing in, public badges, health, API docs, and what
# a browser needs to install the app.
PUBLIC_NAMES = {
    "healthz",
    "manifest",
    "service_worker",
    "offline",
    "favicon",
    "schema",
    "api-docs",
    "api-redoc",
    "people:set_language",
    "admin:logout",
    # An e-mail's unsubscribe link works signed out (RFC 8058): its signed token is the key.
    "notifications:unsubscribe",
    # Slack's calls: signed, not signed in (tests/unit/notifications/slack/test_verification.py).
    "notifications:slack_events",
}
LOGIN_PAGES = ("/accounts/login/", "/admin/login/")


def is_public(route: Route) -> bool:
    return route.name in PUBLIC_NAMES or route.pattern.startswith(
        ("accounts/", "openbadges/", "^media/")
    )


@dataclass(frozen=True)
class Answer:
    persona: str
    route: Route
    method: str
    htmx: bool
    url: str
    status: int
    location: str
    body: str
    error: str

    def __str__(self) -> str:
        htmx = " (HTMX)" if self.htmx else ""
        error = f" [{self.error}]" if self.error else ""
        return f"{self.persona}: {self.method.upper()}{htmx} {self.url} -> {self.status}{error}"


def send(client: Client, route: Route, method: str, url: str, world: World, *, htmx: bool) -> Any:
    """One request with an empty or minimal body, in a savepoint that is rolled back."""
    cache.clear()  # throttles and rate limits count in the cache: each request starts afresh
    headers = {"HX-Request": "true"} if htmx else {}
    data = BODY[route.name](world) if route.name in BODY else {}
    with transaction.atomic():
        if route.is_api and method in ("post", "put", "patch"):
            response = client.generic(
                method.upper(),
                url,
                json.dumps(data, default=str),
                content_type="application/json",
                headers=headers,
            )
        elif method == "post":
            response = client.post(url, data, headers=headers)
        else:
            response = client.generic(method.upper(), url, headers=headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        transaction.set_rollback(True)
    exc_info = getattr(response, "exc_info", None)
    return response, body.decode(errors="replace"), repr(exc_info[1]) if exc_info else ""


def walk(clients: dict[str, Client], world: World) -> list[Answer]:
    answers = []
    for route in all_routes():
        url = fill(route, world)
        assert url is not None, f"cannot fill {route.name}: see test_every_route_can_be_filled"
        variants = (False, True) if route.answers_htmx else (False,)
        for persona in route.personas:
            for method in route.methods:
                for htmx in variants:
                    response, body, error = send(
                        clients[persona], route, method, url, world, htmx=htmx
                    )
                    answers.append(
                        Answer(
                            persona=persona,
                            route=route,
                            method=method,
                            htmx=htmx,
                            url=url,
                            status=response.status_code,
                            location=response.get("Location", ""),
                            body=body,
                            error=error,
                        )
                    )
    return answers


def problems_of(answer: Answer) -> list[str]:
    problems = []
    if answer.status >= 500:
        problems.append("server error")
    if answer.persona != "agent" and any(secret in answer.body for secret in SECRETS):
        problems.append("shows the agent's private words")
    if answer.persona == "anonymous" and not is_public(answer.route):
        to_login = answer.status == 302 and answer.location.startswith(LOGIN_PAGES)
        if not (to_login or answer.status in (401, 403, 405)):
            problems.append("anonymous got past the sign-in")
    expected = EXPECTED.get((answer.route.name, answer.method), {}).get(answer.persona)
    if expected is not None and not answer.htmx and answer.status not in expected:
        problems.append(f"expected {sorted(expected)}")
    return problems


# --- Tests -------------------------------------------------------------------------------


@pytest.fixture
def world(team, other_team, agent, teammate, other_team_agent, team_lead, hr_admin) -> World:
    return build_world(
        team=team,
        other_team=other_team,
        agent=agent,
        teammate=teammate,
        other_team_agent=other_team_agent,
        team_lead=team_lead,
        hr_admin=hr_admin,
    )


@pytest.fixture
def clients(request, world) -> dict[str, Client]:
    clients = {}
    for persona in PERSONAS:
        # 5xx come back as responses, so that one walk reports all of them.
        client = Client(raise_request_exception=False, headers={"accept-language": "en"})
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        clients[persona] = client
    return clients


def test_every_route_can_be_filled(world):
    unfilled = [
        f"{route.name} ({route.pattern}): {', '.join(route.kwargs)}"
        for route in all_routes()
        if fill(route, world) is None
    ]

    assert unfilled == [], "The walk cannot fill these routes; add them to FILL:\n" + "\n".join(
        unfilled
    )


def test_the_expected_outcomes_name_routes_that_exist():
    walked = {(route.name, method) for route in all_routes() for method in route.methods}

    assert set(EXPECTED) - walked == set()
    assert set(BODY) - {route.name for route in all_routes()} == set()


def test_every_route_as_every_persona(clients, world):
    # when every route is asked with every method as every persona
    answers = walk(clients, world)

    # then no answer is a 5xx, leaks the agent's secrets, lets anonymous visitors in or
    # differs from the expected outcomes
    problems = [f"{answer} — {problem}" for answer in answers for problem in problems_of(answer)]
    assert problems == [], f"{len(problems)} problems in {len(answers)} requests:\n" + "\n".join(
        problems
    )
    # and the walk did walk: every persona, pages, partials, the API and the admin
    assert len(answers) > 2500
    assert {a.persona for a in answers} == set(PERSONAS)
    assert {a.htmx for a in answers} == {False, True}
    assert {a.route.pattern.split("/")[0] for a in answers} >= {
        "admin",
        "api",
        "accounts",
        "openbadges",
        "careers",
        "recognition",
        "wellbeing",
        "performance",
    }
    # and signed in, every persona stayed signed in to the end
    for persona, client in clients.items():
        me = client.get(reverse("api:me"))
        assert me.status_code == (403 if persona == "anonymous" else 200), persona
