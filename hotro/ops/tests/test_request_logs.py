"""One log line per request with its id: the proxy's X-Request-ID when it is safe, a new one otherwise."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from hotro.ops.logs import JsonFormatter, RequestIdFilter, request_id


def request_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "hotro.request"]


@pytest.mark.django_db
def test_the_proxys_request_id_is_logged_and_echoed(caplog):
    caplog.set_level(logging.INFO, logger="hotro.request")
    response = Client().get("/accounts/login/", HTTP_X_REQUEST_ID="nginx-4f2a9c")
    assert response["X-Request-ID"] == "nginx-4f2a9c"
    (record,) = request_records(caplog)
    assert record.view == "accounts:login"
    assert record.status == 200
    assert record.request_id == "nginx-4f2a9c"


@pytest.mark.django_db
def test_a_request_without_an_id_or_with_an_unsafe_one_gets_a_new_one(caplog):
    caplog.set_level(logging.INFO, logger="hotro.request")
    plain = Client().get("/accounts/login/")
    forged = Client().get("/accounts/login/", HTTP_X_REQUEST_ID='x" injected\nline')
    assert len(plain["X-Request-ID"]) == 32
    assert forged["X-Request-ID"] != 'x" injected\nline' and len(forged["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_a_guest_links_token_never_reaches_the_log(caplog):
    caplog.set_level(logging.INFO, logger="hotro.request")
    Client().get("/t/secret-token-value/")
    logged = " ".join(f"{record.getMessage()} {getattr(record, 'path', '')}" for record in request_records(caplog))
    assert "secret-token-value" not in logged


@pytest.mark.django_db
def test_probes_are_not_logged(caplog):
    caplog.set_level(logging.INFO, logger="hotro.request")
    Client().get("/healthz")
    Client().get("/readyz")
    assert request_records(caplog) == []


def test_the_json_format_is_one_object_per_line_with_the_request_id_and_extras():
    record = logging.LogRecord("hotro.request", logging.INFO, __file__, 1, "GET %s", ("/x",), None)
    record.status = 200
    token = request_id.set("abc123")
    try:
        RequestIdFilter().filter(record)
        line = JsonFormatter().format(record)
    finally:
        request_id.reset(token)
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["message"] == "GET /x" and entry["request_id"] == "abc123" and entry["status"] == 200
    assert entry["level"] == "INFO" and entry["logger"] == "hotro.request"
