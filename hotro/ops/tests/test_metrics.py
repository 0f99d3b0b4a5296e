"""/metrics: who may read it, request metrics by view name, scrape-time gauges, multi-process totals."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from hotro.core.models import OutboundMessage
from hotro.ops.metrics import exposition

ROOT = Path(__file__).resolve().parents[3]
TOKEN = "metrics-token-for-tests"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def scrape(client: Client | None = None) -> str:
    response = (client or Client()).get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200, response.content
    return response.content.decode()


@pytest.fixture
def metrics_on(settings):
    settings.HOTRO_METRICS_TOKEN = TOKEN
    settings.HOTRO_METRICS_ALLOW = []


@pytest.mark.django_db
def test_metrics_do_not_exist_until_a_token_or_an_address_is_configured(settings):
    settings.HOTRO_METRICS_TOKEN = ""
    settings.HOTRO_METRICS_ALLOW = []
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer anything").status_code == 404


@pytest.mark.django_db
def test_a_wrong_or_missing_token_is_refused(metrics_on):
    assert Client().get("/metrics").status_code == 403
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403


@pytest.mark.django_db
def test_a_signed_in_customer_without_the_token_is_refused(metrics_on, client_for, customer_a):
    assert client_for(customer_a).get("/metrics").status_code == 403


@pytest.mark.django_db
def test_the_token_opens_the_metrics(metrics_on):
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "hotro_scrape_error 0.0" in response.content.decode()


@pytest.mark.django_db
def test_an_allowed_network_reads_without_a_token(settings):
    settings.HOTRO_METRICS_TOKEN = ""
    settings.HOTRO_METRICS_ALLOW = ["10.20.0.0/16", "127.0.0.1"]
    assert Client(REMOTE_ADDR="10.20.3.4").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="10.21.0.1").get("/metrics").status_code == 403
    # A forwarded-for header is not an address: only the server (behind --proxy-headers) may set REMOTE_ADDR.
    assert Client(REMOTE_ADDR="192.0.2.1").get("/metrics", HTTP_X_FORWARDED_FOR="10.20.3.4").status_code == 403


def test_a_bad_allow_list_entry_is_a_configuration_error_naming_the_variable():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="HOTRO_METRICS_ALLOW"):
        exposition.allowed_networks(["10.0.0.0/33"])


@pytest.mark.django_db
def test_requests_are_counted_by_view_name_not_by_url(metrics_on, client_for, customer_a, contact_a, make_ticket):
    first, second = make_ticket(contact_a), make_ticket(contact_a)
    client = client_for(customer_a)
    before = samples(scrape())
    key = ("hotro_http_requests_total", (("method", "GET"), ("status", "200"), ("view", "portal:ticket_detail")))
    for ticket in (first, second):
        assert client.get(f"/tickets/{ticket.number}/").status_code == 200
    after = samples(scrape())
    assert after[key] - before.get(key, 0) == 2
    latency = ("hotro_http_request_duration_seconds_count", (("method", "GET"), ("view", "portal:ticket_detail")))
    assert after[latency] - before.get(latency, 0) == 2
    assert not any(first.number in name or first.number in str(labels) for name, labels in after)


@pytest.mark.django_db
def test_the_gauges_show_backlogs_and_open_tickets(metrics_on, contact_a, make_ticket, technical):
    make_ticket(contact_a)
    make_ticket(contact_a)
    OutboundMessage.objects.filter(channel="email").update(created_at=timezone.now() - timedelta(minutes=30))
    found = samples(scrape())
    assert found[("hotro_open_tickets", (("department", "technical"), ("status", "new")))] == 2
    pending = found[("hotro_outbound_messages", (("channel", "email"), ("status", "pending")))]
    assert pending == OutboundMessage.objects.filter(status="pending", channel="email").count() > 0
    assert found[("hotro_outbound_oldest_pending_seconds", (("channel", "email"),))] >= 30 * 60
    assert found[("hotro_inbound_items", (("channel", "mail"), ("status", "received")))] == 0
    assert ("hotro_inbound_lag_seconds", (("channel", "mail"),)) in found
    assert found[("hotro_sla_tickets", (("state", "breached"),))] == 0


@pytest.mark.django_db
def test_a_scrape_costs_a_handful_of_queries(metrics_on, contact_a, make_ticket, django_assert_max_num_queries):
    for _ in range(5):
        make_ticket(contact_a)
    with django_assert_max_num_queries(15):
        scrape()


@pytest.mark.django_db
def test_workers_metrics_add_up_in_multi_process_mode(metrics_on, tmp_path, monkeypatch):
    """Two worker processes record requests into PROMETHEUS_MULTIPROC_DIR; one scrape sees the sum."""
    record = (
        "import sys\n"
        "from hotro.ops.metrics.instruments import observe\n"
        "for _ in range(int(sys.argv[1])):\n"
        "    observe('console:queue', 'GET', 200, 0.02)\n"
    )
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    for count in (3, 4):
        subprocess.run([sys.executable, "-c", record, str(count)], env=env, check=True, cwd=ROOT)
    assert len(list(tmp_path.glob("*.db"))) >= 2  # one file set per process
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    found = samples(scrape())
    key = ("hotro_http_requests_total", (("method", "GET"), ("status", "200"), ("view", "console:queue")))
    assert found[key] == 7
    latency = (
        "hotro_http_request_duration_seconds_bucket",
        (("le", "0.025"), ("method", "GET"), ("view", "console:queue")),
    )
    assert found[latency] == 7
