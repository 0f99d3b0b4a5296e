"""Issue 14, finding 1, in a real browser: ten wrong passwords, then the right one is refused and no session starts."""

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def submit(page, base: str, email: str, password: str) -> int:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    with page.expect_response(lambda r: r.url.endswith("/accounts/login/") and r.request.method == "POST") as answer:
        page.locator("main form button.btn").click()
    page.wait_for_load_state()
    return answer.value.status


def test_a_guessed_password_is_refused_after_ten_failures_even_when_right(live_server, browser, tech_agent):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    for _ in range(10):
        assert submit(page, live_server.url, tech_agent.email, "doan-mo") in (200, 429)
    assert submit(page, live_server.url, tech_agent.email, PASSWORD) == 429
    assert "/accounts/login/" in page.url
    assert not [c for c in context.cookies() if c["name"] == "sessionid"]
    with translation.override("en"):
        told = gettext(
            "Too many failed sign-ins for this account or from your network. For your safety, signing in is "
            "blocked for %(minutes)d minutes; try again later or reset your password."
        ) % {"minutes": settings.AXES_COOLOFF_TIME.total_seconds() // 60}
    assert told in " ".join(page.locator("main").inner_text().split())
    page.goto(f"{live_server.url}/console/")
    assert "/accounts/login/" in page.url  # still signed out
    context.close()
