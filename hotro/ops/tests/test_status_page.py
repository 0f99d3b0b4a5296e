"""The console's status page: administrators only; each part with its state and what to do when red."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hotro.ops.models import Heartbeat

URL = "/console/status/"


def test_the_status_page_has_its_url():
    assert reverse("console:status") == URL


@pytest.mark.django_db
def test_an_administrator_sees_every_part_and_what_to_do(client_for, admin_agent):
    Heartbeat.objects.create(component="scheduler", seen_at=timezone.now() - timedelta(seconds=20), where="app-1 pid 7")
    response = client_for(admin_agent).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for part in ('id="status-database"', 'id="status-scheduler"', 'id="status-worker"', 'id="status-outbox"'):
        assert part in html
    assert "app-1 pid 7" in html  # the scheduler's last heartbeat, and where
    assert "db_worker" in html  # the worker never ran in a test: red, with what to do


@pytest.mark.django_db
def test_agents_who_are_not_administrators_get_a_404(client_for, tech_agent, supervisor):
    assert client_for(tech_agent).get(URL).status_code == 404
    assert client_for(supervisor).get(URL).status_code == 404


@pytest.mark.django_db
def test_customers_get_a_404_and_visitors_are_sent_to_sign_in(client, client_for, customer_a):
    assert client_for(customer_a).get(URL).status_code == 404
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_the_page_does_not_call_out_to_other_servers(client_for, admin_agent, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the status page must not open network connections")

    monkeypatch.setattr("hotro.ops.checks.mail.smtp_session", no_network)
    monkeypatch.setattr("hotro.ops.checks.mail.connect", no_network)
    assert client_for(admin_agent).get(URL).status_code == 200


def test_the_console_menu_links_the_status_page_for_administrators_only(admin_agent, tech_agent, client_for):
    assert 'href="/console/status/"' in client_for(admin_agent).get("/console/triage/").content.decode()
    assert 'href="/console/status/"' not in client_for(tech_agent).get("/console/triage/").content.decode()
