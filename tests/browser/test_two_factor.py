"""Two-factor sign-in in a real browser (Debian's Chromium): an administrator without an authenticator is made
to set one up at sign-in, reads the key off the page as an app would from the QR code, reaches the console,
signs out, and signs in again with a code (issue #14, "Staff accounts")."""

from __future__ import annotations

import base64
import shutil

import pytest
from django_otp.oath import totp

from conftest import PASSWORD
from hotro.accounts.models import SignInEvent, SignInEventKind
from tests.browser.conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


def authenticator_code(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for this key (``steps_ahead``: a later 30-second window)."""
    return f"{totp(base64.b32decode(secret.replace(' ', '')), drift=steps_ahead):06d}"


def password_step(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button.btn").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_an_administrator_sets_up_an_authenticator_then_signs_in_with_it(live_server, browser, admin_agent):
    base = live_server.url
    page = browser.new_context(locale="en-US").new_page()

    password_step(page, base, admin_agent.email)
    assert page.url.endswith("/accounts/two-factor/set-up/")
    assert page.locator("#two-factor-qr svg").count() == 1
    secret = page.inner_text("#two-factor-secret")
    page.fill("input[name=code]", authenticator_code(secret))
    page.locator("#two-factor-enrol button.btn").click()
    page.wait_for_load_state()
    codes = page.inner_text("#recovery-codes").split()
    assert len(codes) == 10

    page.click("#two-factor-continue")
    page.wait_for_load_state()
    assert "/console/" in page.url and page.locator("nav.console-nav").count() == 1

    page.locator("form[action='/accounts/logout/'] button").click()
    page.wait_for_load_state()
    assert page.locator("nav.console-nav").count() == 0

    password_step(page, base, admin_agent.email)
    assert page.url.endswith("/accounts/two-factor/")
    page.fill("input[name=code]", authenticator_code(secret, steps_ahead=1))  # the enrolment's code was spent
    page.locator("#two-factor-verify button.btn").click()
    page.wait_for_load_state()
    assert "/console/" in page.url and page.locator("nav.console-nav").count() == 1

    events = set(SignInEvent.objects.filter(user=admin_agent).values_list("event", flat=True))
    assert {
        SignInEventKind.TWO_FACTOR_ENROLLED,
        SignInEventKind.TWO_FACTOR_USED,
        SignInEventKind.SIGNED_IN,
        SignInEventKind.SIGNED_OUT,
    } <= events
