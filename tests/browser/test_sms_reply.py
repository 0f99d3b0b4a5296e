"""An agent answers an SMS ticket (P7) in a real browser: the page says the reply goes by SMS and
counts what it will cost while the agent types (Vietnamese diacritics: 70 characters an SMS)."""

from __future__ import annotations

import shutil

import pytest

from hotro.accounts.services import get_or_create_contact_by_phone
from hotro.core.models import OutboundMessage
from hotro.desk import services
from hotro.desk.models import Channel
from tests.browser.conftest import CHROMIUM, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.mark.django_db(transaction=True)
def test_the_reply_box_counts_sms_and_the_reply_goes_by_sms(live_server, browser, technical, tech_agent):
    contact = get_or_create_contact_by_phone("0969297579", name="Anh Minh")
    ticket = services.open_ticket(
        requester=contact, department=technical, subject="VPS", body="VPS mất mạng", channel=Channel.SMS
    )
    page = browser.new_page()
    sign_in(page, live_server.url, tech_agent.email)
    page.goto(f"{live_server.url}/console/tickets/{ticket.number}/")
    assert "+84969297579" in page.locator("#compose").inner_text()

    body = page.locator("#compose textarea[name=body]")
    body.fill("Đã khởi động lại VPS")
    count = page.locator("#sms-count")
    assert "UCS-2" in count.inner_text() and "20" in count.inner_text()
    assert "warning" not in (count.get_attribute("class") or "")
    body.fill("ạ" * 250)  # four SMS: over the warning
    assert "warning" in (count.get_attribute("class") or "")
    body.fill("Da khoi dong lai VPS, ban thu lai nhe.")
    assert "GSM-7" in count.inner_text()

    page.locator("#compose form button.btn:not(.secondary)").click()
    page.wait_for_load_state()
    reply = OutboundMessage.objects.get(ticket=ticket, kind="desk/agent_reply")
    assert (reply.channel, reply.to) == ("sms", "+84969297579")
