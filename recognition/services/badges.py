from __future__ import annotations

import io
import secrets

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, DomainError, NotFoundError
from core.services import record_audit_event
from notifications.messages import bilingual
from notifications.services import notify
from notifications.services.webhooks import announce
from people.models import User
from people.permissions import require_not_self
from recognition.models import BadgeAward, BadgeClass
from recognition.openbadges import PNG_SIGNATURE, default_badge_png
from recognition.permissions import can_award


def ensure_badge_image(*, badge_class: BadgeClass) -> BadgeClass:
    """Give a badge without an uploaded image a generated one (initials on a medal).

    The initials are the Spanish name's, whoever asks first: the image is made once, for all.
    """
    if not badge_class.image:
        png = default_badge_png(badge_class.name_es)
        badge_class.image.save(f"{badge_class.slug}.png", ContentFile(png), save=True)
    return badge_class


def badge_png(*, badge_class: BadgeClass) -> bytes:
    """The badge image as PNG bytes (Open Badges images and baking need PNG), converting
    an uploaded JPEG or WebP when needed."""
    ensure_badge_image(badge_class=badge_class)
    with badge_class.image.open("rb") as image_file:
        data = image_file.read()
    if data.startswith(PNG_SIGNATURE):
        return data
    from PIL import Image

    buffer = io.BytesIO()
    Image.open(io.BytesIO(data)).convert("RGBA").save(buffer, format="PNG")
    return buffer.getvalue()


def award_badge(
    *,
    badge_class: BadgeClass,
    recipient: User,
    awarded_by: User | None,
    evidence_text: str = "",
    evidence_url: str = "",
    idempotency_key: str | None = None,
) -> BadgeAward:
    """Award a badge. ``awarded_by=None`` means a rule did, which skips the role check."""
    require_not_self(
        actor=awarded_by,
        person=recipient,
        message=_("Nobody awards themselves a badge: ask your lead or HR."),
    )
    if idempotency_key:
        previous = BadgeAward.objects.filter(idempotency_key=idempotency_key).first()
        if previous is not None:
            if (previous.badge_class_id, previous.recipient_id) != (badge_class.pk, recipient.pk):
                raise ConflictError(_("This idempotency key was already used for another request."))
            return previous
    if awarded_by is not None and not can_award(actor=awarded_by, recipient=recipient):
        raise NotFoundError(_("Person not found."))
    if not badge_class.active:
        raise DomainError(_("This badge is not active."), errors={"badge": [_("Not active.")]})
    live = BadgeAward.objects.filter(
        badge_class=badge_class, recipient=recipient, revoked_at__isnull=True
    )
    if not badge_class.repeatable and live.exists():
        raise ConflictError(
            _("%(name)s already holds this badge.") % {"name": recipient},
            errors={"recipient": [_("Already holds this badge.")]},
        )
    try:
        with transaction.atomic():
            ensure_badge_image(badge_class=badge_class)
            award = BadgeAward.objects.create(
                badge_class=badge_class,
                recipient=recipient,
                awarded_by=awarded_by,
                evidence_text=evidence_text.strip(),
                evidence_url=evidence_url.strip(),
                one_per_person=not badge_class.repeatable,
                idempotency_key=idempotency_key or None,
                recipient_salt=secrets.token_hex(8),
            )
            record_audit_event(actor=awarded_by, verb="badge.awarded", target=award)
            announce(
                kind="badge.awarded",
                data={
                    "award_id": award.pk,
                    "badge": {"slug": badge_class.slug, "name": bilingual(badge_class)},
                    "recipient": {"id": recipient.pk, "name": str(recipient)},
                    "awarded_by": awarded_by.pk if awarded_by is not None else None,
                },
            )
            notify(
                user=recipient,
                kind="badge",
                message_key="recognition.badge_earned",
                params={"badge": bilingual(badge_class)},
                url=reverse("recognition:my_badges"),
            )
    except IntegrityError as exc:
        if idempotency_key:
            previous = BadgeAward.objects.filter(idempotency_key=idempotency_key).first()
            if previous is not None:
                return previous
        raise ConflictError(_("%(name)s already holds this badge.") % {"name": recipient}) from exc
    return award


@transaction.atomic
def revoke_award(*, actor: User, award_id: int, reason: str) -> BadgeAward:
    award = (
        BadgeAward.objects.select_for_update()
        .select_related("recipient")
        .filter(pk=award_id)
        .first()
    )
    if award is None:
        raise NotFoundError(_("Badge award not found."))
    require_not_self(
        actor=actor,
        person=award.recipient_id,
        message=_("Nobody revokes their own badge: ask your lead or HR."),
    )
    if not can_award(actor=actor, recipient=award.recipient):
        raise NotFoundError(_("Badge award not found."))
    if not reason.strip():
        raise DomainError(
            _("A reason is required."), errors={"reason": [_("A reason is required.")]}
        )
    if award.revoked_at is None:
        award.revoked_at = timezone.now()
        award.revocation_reason = reason.strip()[:200]
        award.save(update_fields=["revoked_at", "revocation_reason"])
        record_audit_event(actor=actor, verb="badge.revoked", target=award, data={"reason": reason})
    return award


def ensure_badge_class(
    *,
    slug: str,
    name_en: str,
    name_es: str,
    description_en: str,
    description_es: str,
    criteria_en: str,
    criteria_es: str,
    repeatable: bool = False,
) -> BadgeClass:
    """The badge ``slug``, created with these texts when missing: a default another app
    installs (performance's default rules award one). An existing badge keeps HR's edits;
    only a text still holding the English default in both languages (what the move to
    bilingual fields left) gets its Spanish."""
    texts = {
        "name_en": name_en,
        "name_es": name_es,
        "description_en": description_en,
        "description_es": description_es,
        "criteria_en": criteria_en,
        "criteria_es": criteria_es,
    }
    badge, created = BadgeClass.objects.get_or_create(
        slug=slug, defaults={**texts, "repeatable": repeatable}
    )
    if created:
        return badge
    changed = []
    for field in ("name", "description", "criteria"):
        english, spanish = texts[f"{field}_en"], texts[f"{field}_es"]
        if getattr(badge, f"{field}_es") == getattr(badge, f"{field}_en") == english != spanish:
            setattr(badge, f"{field}_es", spanish)
            changed.append(f"{field}_es")
    if changed:
        badge.save(update_fields=sorted(changed))
    return badge
