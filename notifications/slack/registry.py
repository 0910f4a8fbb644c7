"""Where the apps above notifications plug their Slack handlers in (dependency inversion:
notifications never imports them). From an ``AppConfig.ready()``::

    from notifications.slack import registry

    @registry.command("kudos")
    def give_kudos_from_slack(invocation: registry.Invocation) -> None: ...

A handler runs in a Celery task, inside the transaction that marks its request done (so a
retry from Slack never acts twice), in the person's language and time zone. It raises
``core.exceptions.DomainError`` to refuse: the message is shown to the person, privately.
What it says back to Slack (``respond``, ``call``) is sent once that transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from notifications.slack import linking

if TYPE_CHECKING:
    from notifications.models import SlackWorkspace
    from people.models import User

COMMAND = "command"
SHORTCUT = "shortcut"
VIEW_SUBMISSION = "view_submission"
ACTION = "action"
APP_HOME = "app_home"
KINDS = (COMMAND, SHORTCUT, VIEW_SUBMISSION, ACTION, APP_HOME)


@dataclass
class Invocation:
    """One request from a linked person, as a handler sees it."""

    workspace: SlackWorkspace
    user: User
    slack_user_id: str
    payload: dict[str, Any]
    key: str
    # Filled by the handler, sent after commit (notifications.slack.dispatch).
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)

    def call(self, method: str, **params: Any) -> None:
        """A Web API call (``WebClient`` method name: "views_open", "chat_update"...)."""
        self.calls.append((method, params))

    def respond(self, text: str, **extra: Any) -> None:
        """A message only this person sees (ephemeral)."""
        self.responses.append({"text": text, **extra})

    def person(self, slack_user_id: str) -> User | None:
        """The Cuida person behind another Slack user of this workspace, if any."""
        return linking.person_for(workspace=self.workspace, slack_user_id=slack_user_id).user


Handler = Callable[[Invocation], None]
_handlers: dict[tuple[str, str], Handler] = {}


def register(kind: str, name: str) -> Callable[[Handler], Handler]:
    if kind not in KINDS:
        raise ValueError(f"Unknown Slack handler kind {kind!r}.")

    def decorate(handler: Handler) -> Handler:
        _handlers[(kind, name)] = handler
        return handler

    return decorate


def command(name: str) -> Callable[[Handler], Handler]:
    """``/name``: the command without its slash."""
    return register(COMMAND, name.lstrip("/"))


def shortcut(callback_id: str) -> Callable[[Handler], Handler]:
    return register(SHORTCUT, callback_id)


def view_submission(callback_id: str) -> Callable[[Handler], Handler]:
    return register(VIEW_SUBMISSION, callback_id)


def action(action_id: str) -> Callable[[Handler], Handler]:
    """A button's ``action_id``, or its prefix before a colon ("mood" hears "mood:3")."""
    return register(ACTION, action_id)


def app_home() -> Callable[[Handler], Handler]:
    return register(APP_HOME, "")


def find(kind: str, name: str) -> Handler | None:
    if kind == ACTION:
        name = name.partition(":")[0]
    return _handlers.get((kind, name))
