"""Demo recognition: values already exist (migration); add badges, rewards and a month of
kudos between demo agents. Idempotent through idempotency keys."""

from __future__ import annotations

import random

from people.models import Membership, Role
from recognition.models import BadgeClass, Kudos, Redemption, RewardItem
from recognition.selectors import balance_of
from recognition.services.badges import award_badge
from recognition.services.kudos import give_kudos
from recognition.services.redemptions import request_redemption

BADGES = [
    (
        "patience",
        "Patience Pro",
        "Stayed calm and kind with a very difficult customer.",
        "A lead saw it on a call or a customer praised it.",
        False,
    ),
    (
        "first-time-fix",
        "First-Time Fixer",
        "Solved customers' problems on the first contact.",
        "Awarded by a lead for a week of first-contact resolutions.",
        True,
    ),
    (
        "team-anchor",
        "Team Anchor",
        "Always there when a teammate needs a hand.",
        "Nominated by teammates, confirmed by the lead.",
        False,
    ),
]
REWARDS = [
    ("First pick of next week's shifts", "Choose your shifts before anyone else.", 150, 3),
    ("Extra paid break", "Fifteen more minutes, on us.", 60, None),
    ("Half day off", "Agreed with your lead.", 400, 5),
    ("Coffee gift card", "For your favourite coffee place.", 80, 20),
    ("Choose the team's Friday playlist", "Your music for the last hour of the week.", 30, None),
]
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
    created = 0
    for slug, name, description, criteria, repeatable in BADGES:
        _badge, new = BadgeClass.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "criteria": criteria,
                "repeatable": repeatable,
            },
        )
        created += new
    for name, description, cost, stock in REWARDS:
        _item, new = RewardItem.objects.get_or_create(
            name=name, defaults={"description": description, "cost": cost, "stock": stock}
        )
        created += new
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
    affordable = RewardItem.objects.filter(cost__lte=balance_of(user=requester)).order_by("cost")
    if affordable.exists():
        request_redemption(
            user=requester, item_id=affordable.first().pk, idempotency_key="demo-redemption-0"
        )
    return created + Kudos.objects.count() - kudos_before
