"""End to end in a real browser (Debian's Chromium through Playwright), with a real SMTP server.

A customer opens a ticket with an attachment in the portal (P1), an agent claims
it from triage (P2) and replies, the customer sees the reply in the portal (P4),
and the notification email arrives at the SMTP server (P3).
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator

import pytest

from hotro.desk.models import Category, Ticket
from hotro.mail.testing import smtp_server
from tests.browser.conftest import CHROMIUM, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def mail_server(settings) -> Iterator[object]:
    with smtp_server() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        # Deliver in the request's process as soon as the transaction commits, as a worker would.
        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
        yield server


def wait_for_mail(server, predicate, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in list(server.messages):
            if predicate(message):
                return message
        time.sleep(0.2)
    subjects = [m["Subject"] for m in server.messages]
    raise AssertionError(f"no matching mail arrived; got {subjects}")


@pytest.mark.django_db(transaction=True)
def test_a_ticket_goes_from_customer_to_agent_and_back(live_server, browser, mail_server, customer_a, tech_agent):
    base = live_server.url
    vps = Category.objects.get(slug="vps")

    customer = browser.new_context(locale="vi-VN").new_page()
    sign_in(customer, base, customer_a.email)
    customer.goto(f"{base}/tickets/new/")
    customer.check(f"input[name=department][value='{vps.department_id}']")
    customer.select_option("select[name=category]", str(vps.pk))
    customer.fill("input[name=subject]", "VPS không SSH được")
    customer.fill("textarea[name=body]", "Từ sáng nay tôi không SSH vào được VPS 103.1.2.3.")
    customer.set_input_files(
        "input[name=attachments]",
        files=[{"name": "ssh-debug.txt", "mimeType": "text/plain", "buffer": b"debug1: Connection refused\n"}],
    )
    customer.locator("form.ticket-form button.btn").click()
    customer.wait_for_url(re.compile(r"/tickets/CM-\d+/$"))
    ticket = Ticket.objects.get()
    assert ticket.number in customer.content()
    assert "ssh-debug.txt" in customer.content()

    ack = wait_for_mail(mail_server, lambda m: ticket.number in str(m["Subject"]))
    assert ack["To"] == customer_a.email

    agent = browser.new_context(locale="vi-VN").new_page()
    sign_in(agent, base, tech_agent.email)
    agent.goto(f"{base}/console/triage/")
    row = agent.locator("tr", has_text=ticket.number)
    row.locator("button").click()
    agent.wait_for_load_state()
    agent.goto(f"{base}/console/tickets/{ticket.number}/")
    assert "ssh-debug.txt" in agent.content()
    agent.fill("textarea[name=body]", "Chúng tôi đã khởi động lại dịch vụ SSH, mời quý khách thử lại.")
    agent.locator("button[formaction$='/reply/']").click()
    agent.wait_for_load_state()

    ticket.refresh_from_db()
    assert ticket.assignee == tech_agent
    assert ticket.first_response_at is not None

    customer.reload()
    assert "khởi động lại dịch vụ SSH" in customer.content()

    reply_mail = wait_for_mail(
        mail_server,
        lambda m: (
            ticket.number in str(m["Subject"]) and "khởi động lại dịch vụ SSH" in m.get_body(("plain",)).get_content()
        ),
    )
    assert reply_mail["To"] == customer_a.email
    assert reply_mail["Message-ID"] != ack["Message-ID"]
