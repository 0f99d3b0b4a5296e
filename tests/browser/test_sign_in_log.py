"""Issue 14, "Staff accounts": a failed sign-in is in the administrators' security log, filtered, and in its CSV."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def admin_context(browser, live_server, admin):
    client = Client()
    client.force_login(admin)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(locale="en-US", accept_downloads=True)
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context


def test_an_administrator_finds_a_failed_sign_in_filters_it_and_exports_it(
    live_server, browser, admin_agent, tech_agent, customer_a
):
    stranger = browser.new_context(locale="vi-VN").new_page()
    for password in ("doan-1", "doan-2"):
        stranger.goto(f"{live_server.url}/accounts/login/")
        stranger.fill("input[name=username]", tech_agent.email)
        stranger.fill("input[name=password]", password)
        stranger.locator("main form button.btn").click()
        stranger.wait_for_load_state()
    customer = browser.new_context(locale="vi-VN").new_page()
    customer.goto(f"{live_server.url}/accounts/login/")
    customer.fill("input[name=username]", customer_a.email)
    customer.fill("input[name=password]", PASSWORD)
    customer.locator("main form button.btn").click()
    customer.wait_for_load_state()

    page = admin_context(browser, live_server, admin_agent).new_page()
    page.goto(f"{live_server.url}/console/")
    page.locator('a[href="/console/security/sign-ins/"]').first.click()
    page.wait_for_load_state()
    assert page.locator("#sign-in-log .event-failed").count() == 2
    assert page.locator("#sign-in-log .event-signed_in").count() >= 1  # the customer's

    page.fill("#sign-in-filters input[name=user]", tech_agent.email)
    page.locator("#sign-in-filters button").click()
    page.wait_for_load_state()
    accounts = page.locator("#sign-in-log tbody tr td:nth-child(3)").all_inner_texts()
    assert accounts == [tech_agent.email, tech_agent.email]

    with page.expect_download() as download:
        page.locator("#sign-ins-csv").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == 3  # the header and the two failures
    assert all(tech_agent.email in row for row in rows[1:])
