"""Two agents in two browsers on one queue, in Debian's Chromium: live lists, the bell, collisions (issue #17).

The desk runs under uvicorn in a thread of this process (WebSockets need ASGI), on the test
database, with the in-memory channel layer: changes made by the test itself (a customer's new
ticket) reach the sockets through the server's event loop, as changes made by its request threads do.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from hotro.desk import services
from hotro.desk.models import Message
from tests.browser.conftest import CHROMIUM, sign_in
from tests.browser.test_chat import DeskServer, free_port

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]

WAIT = 15_000  # ms: the longest a step may take on a busy machine


@pytest.fixture
def desk(transactional_db, settings) -> Iterator[str]:
    server = DeskServer(free_port())
    settings.SITE_URL = settings.HOTRO_PUBLIC_URL = server.url
    server.start()
    yield server.url
    server.stop()


def agent_page(browser, desk: str, agent):
    page = browser.new_context(locale="vi-VN").new_page()
    sign_in(page, desk, agent.email)
    return page


def open_live(page, url: str) -> None:
    """Open a console page and wait for its socket's ``hello`` (pushes before it would be missed)."""
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.locator("#console-live")).to_have_attribute("data-live", "on", timeout=WAIT)


def test_a_claim_and_new_work_reach_the_other_agent_without_a_reload(
    desk, browser, contact_a, make_ticket, tech_agent, tech_agent_2
):
    from playwright.sync_api import expect

    first = make_ticket(contact_a, subject="Máy chủ số 1 không vào được")
    a = agent_page(browser, desk, tech_agent)
    b = agent_page(browser, desk, tech_agent_2)
    open_live(b, f"{desk}/console/queue/")
    row = b.locator(f"#ticket-{first.pk}")
    expect(row).to_be_visible()
    open_live(a, f"{desk}/console/triage/")
    a.locator(f"#ticket-{first.pk} form button").click()
    # Agent B's queue shows who took it, with no reload of B's page.
    expect(row).to_contain_text(tech_agent.display_name, timeout=WAIT)
    b.evaluate("window.__sameDocument = true")

    open_live(b, f"{desk}/console/triage/")
    expect(b.locator(f"#ticket-{first.pk}")).to_have_count(0)
    unread = int(b.locator("#bell-count").inner_text())
    b.evaluate("window.__sameDocument = true")
    second = make_ticket(contact_a, subject="Máy chủ số 2 chậm")  # a customer writes in
    expect(b.locator(f"#ticket-{second.pk}")).to_be_visible(timeout=WAIT)
    expect(b.locator("#bell-count")).to_have_text(str(unread + 1), timeout=WAIT)
    assert b.title().startswith(f"({unread + 1}) ")
    assert b.evaluate("window.__sameDocument") is True  # the row came in place, the page was not reloaded


def test_two_agents_replying_at_once_see_each_other_and_the_second_is_warned(
    desk, browser, contact_a, make_ticket, tech_agent, tech_agent_2
):
    from playwright.sync_api import expect

    ticket = make_ticket(contact_a, subject="VPS mất mạng")
    url = f"{desk}/console/tickets/{ticket.number}/"
    a = agent_page(browser, desk, tech_agent)
    b = agent_page(browser, desk, tech_agent_2)
    open_live(a, url)
    open_live(b, url)
    expect(a.locator("#live-viewers")).to_contain_text(tech_agent_2.display_name, timeout=WAIT)
    expect(b.locator("#live-viewers")).to_contain_text(tech_agent.display_name, timeout=WAIT)

    b.locator("#compose textarea[name=body]").fill("Bên em đang kiểm tra giúp anh")
    expect(a.locator("#live-typing")).to_contain_text(tech_agent_2.display_name, timeout=WAIT)

    a.locator("#compose textarea[name=body]").fill("Anh khởi động lại VPS giúp em nhé")
    a.locator("#compose .for-reply button.btn").click()
    a.wait_for_load_state()
    # B is told while still writing; B's draft is untouched.
    expect(b.locator("#live-banner")).to_be_visible(timeout=WAIT)
    expect(b.locator("#live-banner-text")).to_contain_text(tech_agent.display_name)
    b.locator("#compose .for-reply button.btn").click()
    collision = b.locator("#collision")
    expect(collision).to_be_visible(timeout=WAIT)
    expect(collision).to_contain_text("Anh khởi động lại VPS giúp em nhé")
    expect(b.locator("#compose textarea[name=body]")).to_have_value("Bên em đang kiểm tra giúp anh")
    assert not Message.objects.filter(body_text="Bên em đang kiểm tra giúp anh").exists()

    b.locator("#send-anyway").click()
    b.wait_for_load_state()
    expect(b.locator(".thread")).to_contain_text("Bên em đang kiểm tra giúp anh", timeout=WAIT)
    assert Message.objects.filter(body_text="Bên em đang kiểm tra giúp anh", author_user=tech_agent_2).count() == 1


def test_the_bell_rises_on_new_work_and_the_list_marks_it_read(desk, browser, contact_a, make_ticket, tech_agent):
    from playwright.sync_api import expect

    page = agent_page(browser, desk, tech_agent)
    open_live(page, f"{desk}/console/mine/")
    expect(page.locator("#bell-count")).to_have_text("0")
    ticket = make_ticket(contact_a, subject="Tên miền hết hạn")
    expect(page.locator("#bell-count")).to_have_text("1", timeout=WAIT)
    services.claim(ticket, tech_agent)  # mine now: the list brings it in
    expect(page.locator(f"#ticket-{ticket.pk}")).to_be_visible(timeout=WAIT)

    page.locator("#live-bell").click()
    page.wait_for_load_state()
    page.locator("#notification-list form button").first.click()
    page.wait_for_load_state()
    expect(page.locator("#bell-count")).to_have_text("0")
