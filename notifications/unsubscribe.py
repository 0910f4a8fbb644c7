"""The links at the foot of a non-transactional e-mail (and in its List-Unsubscribe header,
RFC 8058) that turn one kind off on one channel without signing in. The token is signed,
not stored: it names the person, the kind and the channel, and never expires, since an
e-mail can be read months later; changing any character of it makes it worthless."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

from core.addresses import public_url
from notifications.kinds import EMAIL, KINDS_BY_NAME, PERSONAL_CHANNELS

SALT = "notifications.unsubscribe"


@dataclass(frozen=True)
class UnsubscribeToken:
    user_id: int
    kind: str
    channel: str


def make_token(*, user_id: int, kind: str, channel: str = EMAIL) -> str:
    return signing.Signer(salt=SALT).sign_object([user_id, kind, channel])


def read_token(token: str) -> UnsubscribeToken | None:
    """What a token says, or None when it was altered or names nothing that exists."""
    try:
        user_id, kind, channel = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or kind not in KINDS_BY_NAME:
        return None
    if channel not in PERSONAL_CHANNELS:
        return None
    return UnsubscribeToken(user_id=user_id, kind=kind, channel=channel)


def unsubscribe_url(*, user_id: int, kind: str, channel: str = EMAIL) -> str:
    """The absolute address of the unsubscribe page for this person, kind and channel."""
    token = make_token(user_id=user_id, kind=kind, channel=channel)
    return public_url(reverse("notifications:unsubscribe", args=[token]), request=None)
