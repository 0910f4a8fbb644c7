"""Demo organisation used by ``seed_demo`` (and so by ``make run``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from people import services
from people.models import Language, Team, User
from people.selectors import get_roles

TEAMS = [
    ("Soporte Hogar", "Home internet and TV support.", "America/Mexico_City", 10),
    ("Retención", "Customers thinking about leaving.", "America/Bogota", 9),
    ("Ventas Digitales", "Chat and social-media sales.", "Europe/Madrid", 8),
]

FIRST_NAMES = [
    "Ana",
    "Luis",
    "María",
    "Carlos",
    "Sofía",
    "Javier",
    "Valentina",
    "Diego",
    "Camila",
    "Andrés",
    "Lucía",
    "Mateo",
    "Paula",
    "Tomás",
    "Daniela",
    "Gabriel",
    "Elena",
    "Hugo",
    "Isabel",
    "Marco",
    "Renata",
    "Pablo",
    "Julia",
    "Sebastián",
    "Martina",
    "Emilio",
    "Clara",
]
LAST_NAMES = [
    "García",
    "Martínez",
    "López",
    "Hernández",
    "Pérez",
    "Gómez",
    "Díaz",
    "Ruiz",
    "Torres",
]


DEMO_DOMAIN = "@demo.cuida.test"


@dataclass
class DemoLogins:
    password: str
    agent: str
    lead: str
    hr: str
    admin: str


def _ensure_person(
    *,
    email: str,
    name: str,
    time_zone: str,
    password_hash: str,
    language: str = Language.SPANISH,
) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = services.create_person(
            actor=None,
            email=email,
            display_name=name,
            preferred_language=language,
            time_zone=time_zone,
        )
        # One hash shared by every demo account: hashing 30 times would add seconds to
        # `make run` for no security gain on throw-away accounts.
        User.objects.filter(pk=user.pk).update(password=password_hash)
    return user


@transaction.atomic
def seed_demo_organisation() -> DemoLogins:
    """Create (or complete) the demo organisation. Running it twice changes nothing."""
    password_hash = make_password(settings.CUIDA_DEMO_PASSWORD)
    names = iter(f"{f} {LAST_NAMES[i % len(LAST_NAMES)]}" for i, f in enumerate(FIRST_NAMES))
    for index, (team_name, description, tz, size) in enumerate(TEAMS, start=1):
        team = Team.objects.filter(name=team_name).first() or services.create_team(
            actor=None, name=team_name, description=description
        )
        lead = _ensure_person(
            email=f"lead{index}@demo.cuida.test",
            name=f"Líder {team_name}",
            time_zone=tz,
            password_hash=password_hash,
            language=Language.ENGLISH if index == 3 else Language.SPANISH,
        )
        services.assign_lead(actor=None, user=lead, team=team)
        for number in range(1, size + 1):
            agent = _ensure_person(
                email=f"agent{index}.{number}@demo.cuida.test",
                name=next(names),
                time_zone=tz,
                password_hash=password_hash,
            )
            if get_roles(agent).agent_team_id is None:
                services.assign_agent(actor=None, user=agent, team=team)

    hr = _ensure_person(
        email="hr@demo.cuida.test",
        name="Recursos Humanos",
        time_zone="UTC",
        password_hash=password_hash,
    )
    if not get_roles(hr).is_hr:
        services.set_hr(actor=None, user=hr, is_hr=True)

    admin = User.objects.filter(email="admin@demo.cuida.test").first()
    if admin is None:
        User.objects.create_superuser(
            "admin@demo.cuida.test", settings.CUIDA_DEMO_PASSWORD, display_name="Admin"
        )
    # Demo addresses come verified, in new and in existing demo databases alike: two-factor
    # set-up is open only to verified addresses, and the demo ones receive no mail.
    for person in User.objects.filter(email__endswith=DEMO_DOMAIN).order_by("pk"):
        services.vouch_for_work_email(actor=None, user=person)
    return DemoLogins(
        password=settings.CUIDA_DEMO_PASSWORD,
        agent="agent1.1@demo.cuida.test",
        lead="lead1@demo.cuida.test",
        hr="hr@demo.cuida.test",
        admin="admin@demo.cuida.test",
    )
