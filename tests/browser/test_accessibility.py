"""Every page at desktop and phone widths, checked by axe-core for WCAG 2.x A/AA violations (issue 17).

axe-core comes from the npm registry through ``make setup-dev`` (never committed); without it these tests
skip. Staff sessions are made with the test client and handed to the browser, so the checks see the pages,
not the sign-in flow (which has its own tests).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from hotro.desk import services

AXE = Path(__file__).resolve().parents[2] / ".cache/npm/node_modules/axe-core/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}

pytestmark = [
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (make setup-dev installs it with npm)"),
    pytest.mark.django_db(transaction=True),
]


def context_as(browser, live_server, user, viewport, locale="vi-VN"):
    """A browser context signed in as ``user`` (or anonymous for ``None``)."""
    # bypass_csp: axe-core is injected as a script the page's own policy rightly refuses.
    context = browser.new_context(locale=locale, viewport=viewport, bypass_csp=True)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} -> ` +
                v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
        }""",
        WCAG_TAGS,
    )
    return list(found)


def check_pages(context, base: str, paths: list[str]) -> dict[str, list[str]]:
    page = context.new_page()
    failures = {}
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status < 500, path
        page.wait_for_load_state()
        found = violations(page)
        if found:
            failures[path] = found
    context.close()
    return failures


@pytest.fixture
def tickets(contact_a, technical, tech_agent):
    opened = [
        services.open_ticket(
            requester=contact_a, department=technical, subject=f"Máy chủ VPS không khởi động {i}", body="Chi tiết"
        )
        for i in range(2)
    ]
    services.assign(opened[0], tech_agent, tech_agent)
    services.add_agent_reply(opened[0], tech_agent, "Chúng tôi đang kiểm tra.")
    services.add_internal_note(opened[0], tech_agent, "Ghi chú nội bộ")
    return opened


@pytest.mark.parametrize("width", WIDTHS)
def test_customer_and_guest_pages_have_no_wcag_violation(
    live_server, browser, width, customer_a, contact_a, tickets, provider_defaults
):
    ticket = tickets[0]
    guest = check_pages(
        context_as(browser, live_server, None, WIDTHS[width]),
        live_server.url,
        [
            "/",
            "/hours/",
            "/tickets/new/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
            f"/t/{services.guest_token(ticket, contact_a)}/",
            "/t/not-a-real-link/",
        ],
    )
    customer = check_pages(
        context_as(browser, live_server, customer_a, WIDTHS[width]),
        live_server.url,
        ["/tickets/", f"/tickets/{ticket.number}/", "/tickets/new/", "/accounts/profile/"],
    )
    assert {**guest, **customer} == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_console_pages_have_no_wcag_violation(live_server, browser, width, tech_agent, admin_agent, tickets):
    ticket = tickets[0]
    agent = check_pages(
        context_as(browser, live_server, tech_agent, WIDTHS[width]),
        live_server.url,
        [
            "/console/",
            "/console/triage/",
            "/console/queue/",
            "/console/mine/",
            "/console/search/?q=VPS",
            f"/console/tickets/{ticket.number}/",
            f"/console/contacts/{ticket.requester_id}/",
            "/console/notifications/",
            "/console/notifications/preferences/",
            "/console/replies/",
            "/console/replies/new/",
            "/console/replies/signatures/",
        ],
    )
    admin = check_pages(
        context_as(browser, live_server, admin_agent, WIDTHS[width], locale="en-US"),
        live_server.url,
        [
            "/console/status/",
            "/console/failed/",
            "/console/incidents/",
            "/console/incidents/new/",
            "/console/security/sign-ins/",
            "/console/security/two-factor/",
            "/console/routing/",
            "/console/reports/",
            "/console/reports/times/",
            "/console/reports/sla/",
            "/console/reports/csat/",
        ],
    )
    assert {**agent, **admin} == {}


def test_the_check_reports_a_violation_when_there_is_one(browser):
    page = browser.new_page()
    page.set_content('<html lang="vi"><title>t</title><main><input type="text"><img src="x.png"></main></html>')
    found = " ".join(violations(page))
    assert "label" in found and "image-alt" in found
    page.close()
