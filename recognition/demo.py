"""Demo recognition: values already exist (migration); add badges and rewards in both
languages and a month of kudos between demo agents. Idempotent: catalog rows are found by
slug (badges) or English name (rewards) and refreshed, kudos by idempotency keys."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from people.models import Membership, Role
from recognition.models import BadgeClass, Kudos, Redemption, RewardItem
from recognition.selectors import balance_of
from recognition.services.badges import award_badge
from recognition.services.kudos import give_kudos
from recognition.services.redemptions import request_redemption


def demo_badge(
    slug: str,
    name: tuple[str, str],
    description: tuple[str, str],
    criteria: tuple[str, str],
    *,
    repeatable: bool = False,
) -> dict[str, Any]:
    """A demo badge's row: each text as (English, Spanish)."""
    return {
        "slug": slug,
        "name_en": name[0],
        "name_es": name[1],
        "description_en": description[0],
        "description_es": description[1],
        "criteria_en": criteria[0],
        "criteria_es": criteria[1],
        "repeatable": repeatable,
    }


BADGES = [
    demo_badge(
        "patience",
        ("Patience Pro", "Paciencia de oro"),
        (
            "Stayed calm and kind with a very difficult customer.",
            "Mantuvo la calma y la amabilidad con un cliente muy difícil.",
        ),
        (
            "A lead saw it on a call or a customer praised it.",
            "Un líder lo vio en una llamada o un cliente lo elogió.",
        ),
    ),
    demo_badge(
        "first-time-fix",
        ("First-Time Fixer", "Resuelve a la primera"),
        (
            "Solved customers' problems on the first contact.",
            "Resolvió los problemas de los clientes en el primer contacto.",
        ),
        (
            "Awarded by a lead for a week of first-contact resolutions.",
            "Lo otorga un líder tras una semana de resoluciones al primer contacto.",
        ),
        repeatable=True,
    ),
    demo_badge(
        "team-anchor",
        ("Team Anchor", "Ancla del equipo"),
        (
            "Always there when a teammate needs a hand.",
            "Siempre está ahí cuando un compañero necesita una mano.",
        ),
        (
            "Nominated by teammates, confirmed by the lead.",
            "Lo proponen los compañeros y lo confirma el líder.",
        ),
    ),
]
# (English name, Spanish name, English description, Spanish description, cost, stock).
REWARDS = [
    (
        "First pick of next week's shifts",
        "Primera elección de turnos de la próxima semana",
        "Choose your shifts before anyone else.",
        "Elige tus turnos antes que nadie.",
        150,
        3,
    ),
    (
        "Extra paid break",
        "Pausa pagada extra",
        "Fifteen more minutes, on us.",
        "Quince minutos más, por cuenta de la empresa.",
        60,
        None,
    ),
    (
        "Half day off",
        "Media jornada libre",
        "Agreed with your lead.",
        "Acordada con tu líder.",
        400,
        5,
    ),
    (
        "Coffee gift card",
        "Tarjeta regalo para café",
        "For your favourite coffee place.",
        "Para tu cafetería favorita.",
        80,
        20,
    ),
    (
        "Choose the team's Friday playlist",
        "Elige la música del viernes del equipo",
        "Your music for the last hour of the week.",
        "Tu música para la última hora de la semana.",
        30,
        None,
    ),
]


def ensure_demo_badges(specs: Sequence[dict[str, Any]]) -> tuple[dict[str, BadgeClass], int]:
    """The demo badges by slug, and how many were new. An existing demo badge gets the
    spec's texts in both languages (demo rows only: a seeded database is not production)."""
    badges, created = {}, 0
    for spec in specs:
        fields = {key: value for key, value in spec.items() if key != "slug"}
        badges[spec["slug"]], new = BadgeClass.objects.update_or_create(
            slug=spec["slug"], defaults=fields
        )
        created += new
    return badges, created


def _ensure_rewards() -> int:
    """Demo rewards, found by their English name (their only name before rewards became
    bilingual); an existing one gets both languages' texts, its cost and stock kept."""
    created = 0
    for name_en, name_es, description_en, description_es, cost, stock in REWARDS:
        _item, new = RewardItem.objects.update_or_create(
            name_en=name_en,
            defaults={
                "name_es": name_es,
                "description_en": description_en,
                "description_es": description_es,
            },
            create_defaults={
                "name_es": name_es,
                "description_en": description_en,
                "description_es": description_es,
                "cost": cost,
                "stock": stock,
            },
        )
        created += new
    return created


MESSAGES = [
    "Thank you for covering my queue while I was stuck on that escalation!",
    "Gracias por ayudarme con el cliente que llamó tres veces hoy.",
    "You explained the billing change so clearly, the customer thanked you twice.",
    "Tu paciencia con ese cliente fue admirable. ¡Gracias!",
    "Thanks for sharing your notes on the new router; saved me so much time.",
]
VALUES = ["empathy", "first-contact-resolution", "teamwork", "extra-mile"]


def seed_demo_recognition(*, kudos_count: int = 60, seed: int = 11) -> int:
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    _badges, created = ensure_demo_badges(BADGES)
    created += _ensure_rewards()
    memberships = list(
        Membership.objects.filter(role=Role.AGENT, user__email__endswith="@demo.cuida.test")
        .select_related("user")
        .order_by("user__email")
    )
    if len(memberships) < 2:
        return created
    agents = [m.user for m in memberships]
    kudos_before = Kudos.objects.count()
    for number in range(kudos_count):
        giver, recipient = rng.sample(agents, 2)
        message = rng.choice(MESSAGES)
        values = rng.sample(VALUES, k=rng.randint(1, 2))
        points = rng.choice([0, 5, 10, 10, 15])
        give_kudos(
            giver=giver,
            recipient_ids=[recipient.pk],
            message=message,
            value_slugs=values,
            points_each=points,
            idempotency_key=f"demo-kudos-{number}",
        )
    # The demo agent everyone signs in as (README) holds a badge, and the first team's lead
    # finds a request waiting in the approval queue.
    first_agent = next(a for a in agents if a.email == "agent1.1@demo.cuida.test")
    award_badge(
        badge_class=BadgeClass.objects.get(slug="patience"),
        recipient=first_agent,
        awarded_by=None,
        evidence_text="A customer called back just to thank you for your patience.",
        idempotency_key="demo-badge-0",
    )
    if Redemption.objects.filter(idempotency_key="demo-redemption-0").exists():
        return created + Kudos.objects.count() - kudos_before
    first_team = [a for a in agents if a.email.startswith("agent1.")]
    requester = max(first_team, key=lambda a: balance_of(user=a))
    cheapest = (
        RewardItem.objects.filter(cost__lte=balance_of(user=requester)).order_by("cost").first()
    )
    if cheapest is not None:
        request_redemption(user=requester, item_id=cheapest.pk, idempotency_key="demo-redemption-0")
    return created + Kudos.objects.count() - kudos_before
