"""The credential vault end to end in a real browser (Debian's Chromium through Playwright).

A customer opens a ticket on the portal with the root password in the secret field; the agent opens the
ticket, sees it masked, clicks "reveal" and reads the value on a page that is not cached.
"""

from __future__ import annotations

import re
import shutil

import pytest
from cryptography.fernet import Fernet

from hotro.desk.models import AuditEvent, Category, Ticket
from tests.browser.conftest import CHROMIUM, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]

ROOT_PASSWORD = "Vps#Root-2026!xq"


@pytest.mark.django_db(transaction=True)
def test_a_customers_secret_reaches_the_agent_masked_and_is_revealed_on_click(
    live_server, browser, settings, customer_a, tech_agent
):
    settings.HOTRO_VAULT_KEYS = [Fernet.generate_key().decode()]
    base = live_server.url
    vps = Category.objects.get(slug="vps")

    customer = browser.new_context(locale="vi-VN").new_page()
    sign_in(customer, base, customer_a.email)
    customer.goto(f"{base}/tickets/new/")
    customer.check(f"input[name=department][value='{vps.department_id}']")
    customer.select_option("select[name=category]", str(vps.pk))
    customer.fill("input[name=subject]", "VPS không SSH được")
    customer.fill("textarea[name=body]", "Anh kiểm tra giúp em, mật khẩu root ở ô bí mật.")
    customer.fill("textarea[name=secret]", ROOT_PASSWORD)
    customer.locator("form.ticket-form button.btn").click()
    customer.wait_for_url(re.compile(r"/tickets/CM-\d+/$"))
    ticket = Ticket.objects.get()
    assert "••••••" in customer.content()
    assert ROOT_PASSWORD not in customer.content()  # the customer does not read it back

    agent = browser.new_context(locale="vi-VN").new_page()
    sign_in(agent, base, tech_agent.email)
    agent.goto(f"{base}/console/tickets/{ticket.number}/")
    panel = agent.locator("#vault")
    assert "••••••" in panel.inner_text()
    assert ROOT_PASSWORD not in agent.content()

    with agent.expect_response(re.compile(r"/vault/\d+/reveal/$")) as revealed:
        panel.locator("button", has_text=re.compile("Hiện|Reveal")).first.click()
    assert "no-store" in revealed.value.headers["cache-control"]
    agent.wait_for_load_state()
    assert agent.locator("#vault-value").inner_text() == ROOT_PASSWORD
    assert AuditEvent.objects.filter(ticket=ticket, action="vault.secret.revealed", actor_user=tech_agent).count() == 1
