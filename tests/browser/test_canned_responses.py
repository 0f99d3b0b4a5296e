"""Canned responses by keyboard in a real browser: "/" in the empty reply box (or Ctrl+/ anywhere in it)
opens the search list, typing narrows it, Enter inserts the response rendered for this ticket at the cursor."""

from __future__ import annotations

import shutil

import pytest

from hotro.replies import services as replies
from tests.browser.conftest import CHROMIUM, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.mark.django_db(transaction=True)
def test_an_agent_inserts_canned_responses_with_the_keyboard(
    live_server, browser, technical, tech_agent, contact_b, make_ticket
):
    from playwright.sync_api import expect

    ticket = make_ticket(contact_b)  # an English-speaking customer: the English text is inserted
    replies.save_response(
        None,
        title="Greeting",
        body_vi="Chào {{ customer_name }},",
        body_en="Hello {{ customer_name }},",
        department=None,
        owner=tech_agent,
    )
    replies.save_response(
        None,
        title="Restart done",
        body_vi="Đã khởi động lại {{ ticket_number }}.",
        body_en="We restarted the server of {{ ticket_number }}.",
        department=technical,
        owner=None,
    )
    replies.set_signature(tech_agent, technical, "Lan, CloudMini")
    page = browser.new_page()
    sign_in(page, live_server.url, tech_agent.email)
    page.goto(f"{live_server.url}/console/tickets/{ticket.number}/")
    assert "Lan, CloudMini" in page.locator("#signature-preview").inner_text()

    box = page.locator("#compose textarea[name=body]")
    box.focus()
    page.keyboard.press("/")  # in the empty box: opens the list instead of typing a slash
    search = page.locator("#canned-q")
    assert search.is_visible() and search.evaluate("el => el === document.activeElement")
    page.locator("#canned-list [role=option]").first.wait_for()
    assert page.locator("#canned-list [role=option]").count() == 2
    page.keyboard.type("greet")
    page.keyboard.press("Enter")
    expect(box).to_have_value(f"Hello {contact_b.name},")  # inserted once the typed search has answered
    expect(page.locator("#canned-picker")).to_be_hidden()
    assert box.evaluate("el => el === document.activeElement")

    page.keyboard.type(" ")
    page.keyboard.press("Control+/")  # anywhere in a box that has text already
    page.locator("#canned-list [role=option]").first.wait_for()
    page.keyboard.type("restart")
    expect(page.locator("#canned-list [role=option]")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(box).to_have_value(f"Hello {contact_b.name}, We restarted the server of {ticket.number}.")

    page.keyboard.press("Control+/")
    page.locator("#canned-list [role=option]").first.wait_for()
    page.keyboard.press("Escape")  # closes, back in the box, nothing inserted
    expect(page.locator("#canned-picker")).to_be_hidden()
    assert box.evaluate("el => el === document.activeElement")
    assert box.input_value().endswith(f"{ticket.number}.")
    page.close()
