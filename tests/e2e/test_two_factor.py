"""Two-factor sign-in, end to end in Chromium: from the settings page to an authenticator
app's code (pyotp plays the app), then asked at the next sign-in, where a wrong code is
refused and the right one lets the person in."""

import re

import pyotp
import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _wrong(code: str) -> str:
    return str((int(code) + 1) % 1_000_000).zfill(6)


def test_agent_turns_on_two_factor_and_then_signs_in_with_a_code(sign_in, live_server, agent):
    # given Ana, whose work address is confirmed, signed in on a phone-sized screen
    EmailAddress.objects.create(user=agent, email=agent.email, primary=True, verified=True)
    page = sign_in(agent)
    page.set_viewport_size({"width": 390, "height": 844})

    # when she goes from her settings to two-factor authentication
    page.locator("#menu > summary").click()  # on a phone the account link is in the menu
    page.locator(".user-name").click()
    page.get_by_role("link", name="Two-factor authentication").click()
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    page.get_by_role("link", name="Activate").click()

    # and confirms her password, as allauth asks before changing how she signs in
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    # and types into her app the secret the page shows, then answers with the app's code
    expect(page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()
    expect(page.locator("img[src^='data:image/svg+xml']")).to_be_visible()
    secret = page.input_value("#authenticator_secret")
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    app = pyotp.TOTP(secret)
    page.fill("#id_code", _wrong(app.now()))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    page.fill("#id_code", app.now())
    page.get_by_role("button", name="Activate").click()

    # then two-factor is on, and the page fits the phone
    expect(page.get_by_text("Authenticator app activated.")).to_be_visible()
    assert Authenticator.objects.filter(user=agent, type=Authenticator.Type.TOTP).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # when she signs out and in again with her password
    page.locator("#menu > summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", agent.email)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")

    # then she is asked for a code; a wrong one is refused
    page.wait_for_url(f"{live_server.url}/accounts/2fa/authenticate/")
    page.fill("#id_code", _wrong(app.now()))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    # and the home page stays closed: it leads back to the code
    page.goto(f"{live_server.url}/")
    page.wait_for_url(f"{live_server.url}/accounts/2fa/authenticate/")

    # and the app's code lets her in
    page.fill("#id_code", app.now())
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_have_text("Hello, Ana")
