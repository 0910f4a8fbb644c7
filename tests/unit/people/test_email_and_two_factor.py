"""Accounts that work: an address is confirmed from the settings page through the e-mailed
link, demo addresses come confirmed, and two-factor sign-in is set up with a code from an
authenticator app (pyotp plays the app) and then asked for at every sign-in."""

from __future__ import annotations

import re

import pyotp
import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from people import services
from people.demo import DEMO_DOMAIN, seed_demo_organisation
from people.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _signed_in(user: User, language: str = "en") -> Client:
    """Through the sign-in form, as a person does: allauth then counts the sign-in as
    recent, which its two-factor pages ask for."""
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def _confirmed(user: User) -> User:
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


# --- Demo accounts --------------------------------------------------------------------------


def test_demo_addresses_come_confirmed_and_primary():
    seed_demo_organisation()

    demo_people = User.objects.filter(email__endswith=DEMO_DOMAIN)
    assert demo_people.count() > 25
    for person in demo_people:
        addresses = list(EmailAddress.objects.filter(user=person))
        assert [(a.email, a.verified, a.primary) for a in addresses] == [(person.email, True, True)]


def test_seeding_again_changes_no_address():
    seed_demo_organisation()
    rows, audit = EmailAddress.objects.count(), AuditEvent.objects.count()

    seed_demo_organisation()

    assert EmailAddress.objects.count() == rows
    assert AuditEvent.objects.count() == audit


def test_an_existing_demo_database_gets_its_addresses_confirmed():
    # given a demo database from before: no address rows, one unconfirmed, one not primary
    seed_demo_organisation()
    EmailAddress.objects.all().delete()
    agent = User.objects.get(email=f"agent1.1{DEMO_DOMAIN}")
    lead = User.objects.get(email=f"lead1{DEMO_DOMAIN}")
    EmailAddress.objects.create(user=agent, email=agent.email, primary=True, verified=False)
    EmailAddress.objects.create(user=lead, email="lead.personal@example.org", primary=True)
    EmailAddress.objects.create(user=lead, email=lead.email, primary=False, verified=True)

    # when the demo is seeded again (every `make run` does)
    seed_demo_organisation()

    # then every demo address is confirmed and primary, and nothing else was touched
    assert not EmailAddress.objects.filter(email__endswith=DEMO_DOMAIN, verified=False).exists()
    assert not EmailAddress.objects.filter(email__endswith=DEMO_DOMAIN, primary=False).exists()
    personal = EmailAddress.objects.get(email="lead.personal@example.org")
    assert (personal.primary, personal.verified) == (False, False)
    lead.refresh_from_db()
    assert lead.email == f"lead1{DEMO_DOMAIN}"


def test_vouching_is_audited_once(agent, hr_admin):
    assert services.vouch_for_work_email(actor=hr_admin, user=agent) is True
    assert services.vouch_for_work_email(actor=hr_admin, user=agent) is False

    event = AuditEvent.objects.get(verb="person.email_verified")
    assert (event.actor, event.target_id) == (hr_admin, str(agent.pk))


# --- Confirming an address from the settings page -----------------------------------------


def test_settings_lead_to_the_address_and_two_factor_pages(agent):
    client = _signed_in(agent)

    page = client.get(reverse("people:settings")).content.decode()

    assert f'href="{reverse("account_email")}"' in page
    assert f'href="{reverse("mfa_index")}"' in page
    assert "Off. Turn it on" in page


def test_settings_say_which_address_waits_for_its_link(agent):
    EmailAddress.objects.create(user=agent, email=agent.email, primary=True, verified=False)
    client = _signed_in(agent, "es")

    page = client.get(reverse("people:settings")).content.decode()

    assert f"Aún sin confirmar: {agent.email}." in page
    assert "Confirma primero tus direcciones de correo" in page


def test_a_new_address_is_confirmed_through_the_emailed_link(agent):
    # given Ana, whose work address is confirmed, signed in
    _confirmed(agent)
    client = _signed_in(agent)

    # when she adds her personal address from the e-mail page
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "ana.personal@example.org"}
    )

    # then the address waits for its link, which was e-mailed to it
    assert response.status_code == 302
    added = EmailAddress.objects.get(user=agent, email="ana.personal@example.org")
    assert not added.verified
    assert [message.to for message in mail.outbox] == [["ana.personal@example.org"]]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", mail.outbox[0].body)
    assert link is not None, mail.outbox[0].body
    # and the settings page says so
    assert "Not confirmed yet: ana.personal@example.org." in (
        client.get(reverse("people:settings")).content.decode()
    )

    # when she follows the link and confirms
    confirm_page = client.get(link.group(1))
    assert confirm_page.status_code == 200
    assert "ana.personal@example.org" in confirm_page.content.decode()
    client.post(link.group(1))

    # then it is confirmed, and her work address stays the one Cuida writes to
    added.refresh_from_db()
    assert added.verified
    assert not added.primary
    agent.refresh_from_db()
    assert agent.email.endswith("@example.test")


def test_a_made_up_confirmation_link_confirms_nothing(agent):
    EmailAddress.objects.create(user=agent, email=agent.email, primary=True, verified=False)
    client = _signed_in(agent)

    response = client.post(reverse("account_confirm_email", args=["not-a-real-key"]))

    assert response.status_code < 500
    assert not EmailAddress.objects.get(user=agent).verified


# --- Two-factor sign-in ------------------------------------------------------------------


def _activate_totp(client: Client) -> str:
    """Open the set-up page, read the secret as a person copies it into their app, answer
    with the app's current code. Returns the secret."""
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    if page.redirect_chain and page.redirect_chain[-1][0].startswith(
        reverse("account_reauthenticate")
    ):
        # allauth asks for the password again before changing how one signs in.
        page = client.post(page.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert page.status_code == 200
    assert page.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    found = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page.content.decode())
    assert found is not None, page.content.decode()[:2000]
    secret = found.group(1)
    response = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def test_two_factor_is_set_up_with_an_app_code_and_then_asked_at_sign_in(agent):
    # given Ana, with her address confirmed, turning on two-factor from her settings
    _confirmed(agent)
    client = _signed_in(agent)
    secret = _activate_totp(client)
    assert Authenticator.objects.filter(user=agent, type=Authenticator.Type.TOTP).exists()
    assert "On: signing in asks for a code" in (
        client.get(reverse("people:settings")).content.decode()
    )
    client.post(reverse("account_logout"))

    # when she signs in again, a minute later, with her password
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=60)):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        response = client.post(
            reverse("account_login"), {"login": agent.email, "password": PASSWORD}
        )

        # then she is asked for a code, and the home page stays closed until she gives one
        assert response["Location"] == reverse("mfa_authenticate")
        assert client.get(reverse("home"))["Location"].startswith(reverse("account_login"))

        # a wrong code is refused
        wrong = str((int(pyotp.TOTP(secret).now()) + 1) % 1_000_000).zfill(6)
        refused = client.post(reverse("mfa_authenticate"), {"code": wrong})
        assert refused.status_code == 200
        assert "Incorrect code." in refused.content.decode()
        assert client.get(reverse("home")).status_code == 302

        # the app's code lets her in
        accepted = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
        assert accepted.status_code == 302
        assert client.get(reverse("home")).status_code == 200


def test_an_unconfirmed_address_shows_the_way_to_confirm_it(agent):
    EmailAddress.objects.create(user=agent, email=agent.email, primary=True, verified=False)
    client = _signed_in(agent, "es")

    # allauth refuses set-up and sends her back to the two-factor page ...
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"] == reverse("mfa_index")
    page = client.get(reverse("mfa_index")).content.decode()

    # ... which now says which address to confirm and links to where that is done
    assert f"confirma tu dirección de correo {agent.email}" in page
    assert f'href="{reverse("account_email")}"' in page
    assert f'href="{reverse("people:settings")}"' in page
    assert not Authenticator.objects.filter(user=agent).exists()


def test_two_factor_pages_wear_the_apps_look(agent):
    _confirmed(agent)
    client = _signed_in(agent)

    index = client.get(reverse("mfa_index")).content.decode()
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    activate = client.get(reverse("mfa_activate_totp")).content.decode()

    assert 'class="topbar"' in index  # the app's layout, its navigation and footer
    assert 'class="card"' in index
    assert f'<a href="{reverse("mfa_activate_totp")}"\n class="button' in index
    assert '<form class="form" method="post"' in activate
    assert 'class="button primary"' in activate
