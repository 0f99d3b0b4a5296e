"""What a new user hit, in a real browser (Debian's Chromium): categories that follow the department,
a refused form's error summary, the subject counter, confirmations, and a 375 px phone."""

from __future__ import annotations

import re
import shutil

import pytest

from hotro.desk import services
from hotro.desk.models import Category, Department
from tests.browser.conftest import CHROMIUM, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]

PHONE = {"width": 375, "height": 740}


def visible_categories(page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            "select[name=category] optgroup:not([hidden]) option", "options => options.map(o => o.value)"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_the_ticket_form_guides_a_guest(live_server, browser, provider_defaults):
    technical, sales = Department.objects.get(slug="technical"), Department.objects.get(slug="sales")
    page = browser.new_context(locale="en-US").new_page()
    page.goto(f"{live_server.url}/tickets/new/")

    page.check(f"input[name=department][value='{sales.pk}']")
    assert visible_categories(page) == {str(c.pk) for c in Category.objects.filter(department=sales, active=True)}
    page.check(f"input[name=department][value='{technical.pk}']")
    assert visible_categories(page) == {str(c.pk) for c in Category.objects.filter(department=technical, active=True)}

    page.fill("input[name=subject]", "x" * 40)
    assert re.search(r"\b40\b.*\b250\b", page.inner_text("#id_subject_counter"))

    page.fill("input[name=email]", "an@localhost")
    page.fill("textarea[name=body]", "Không vào được VPS.")
    page.locator("form.ticket-form button.btn").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error:")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "localhost" in page.inner_text("#id_email_error")
    # Nothing else was lost on the way back: the chosen department still shows only its categories.
    assert visible_categories(page) == {str(c.pk) for c in Category.objects.filter(department=technical, active=True)}

    for box in page.locator("form.lang button").all():
        size = box.bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24

    page.keyboard.press("Tab")  # focus leaves the summary; the skip link is first on a fresh page
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"


@pytest.mark.django_db(transaction=True)
def test_closing_a_ticket_asks_before_it_closes(live_server, browser, customer_a, contact_a, technical):
    ticket = services.open_ticket(requester=contact_a, department=technical, subject="Đóng thử", body="Xin đóng")
    page = browser.new_context(locale="vi-VN").new_page()
    sign_in(page, live_server.url, customer_a.email)
    page.goto(f"{live_server.url}/tickets/{ticket.number}/")
    confirm = page.locator("#close-ticket form button")
    assert not confirm.is_visible()
    page.locator("#close-ticket summary").click()
    assert confirm.is_visible()
    confirm.click()
    page.wait_for_load_state()
    ticket.refresh_from_db()
    assert ticket.status == "closed"


@pytest.mark.django_db(transaction=True)
def test_nothing_scrolls_sideways_on_a_375_px_phone(live_server, browser, customer_a, contact_a, tech_agent, technical):
    long_subject = "Máy chủ VPS không khởi động được sau khi nâng cấp nhân Linux lên phiên bản mới nhất"
    tickets = [
        services.open_ticket(requester=contact_a, department=technical, subject=f"{long_subject} {i}", body="Chi tiết")
        for i in range(3)
    ]
    services.assign(tickets[0], tech_agent, tech_agent)
    services.add_agent_reply(tickets[0], tech_agent, "Chúng tôi đang kiểm tra " + "rất " * 80)

    agent = browser.new_context(locale="vi-VN", viewport=PHONE).new_page()
    sign_in(agent, live_server.url, tech_agent.email)
    for path in (
        f"/console/tickets/{tickets[0].number}/",
        "/console/triage/",
        "/console/queue/",
        "/console/mine/",
        "/console/search/?q=VPS",
    ):
        agent.goto(f"{live_server.url}{path}")
        width = agent.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)

    customer = browser.new_context(locale="vi-VN", viewport=PHONE).new_page()
    sign_in(customer, live_server.url, customer_a.email)
    for path in ("/tickets/", f"/tickets/{tickets[0].number}/", "/tickets/new/", "/"):
        customer.goto(f"{live_server.url}{path}")
        width = customer.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)
