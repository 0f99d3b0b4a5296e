"""Calls logged by the PBX (P7): a signed event per call; a call missed after hours gets an SMS with the hours."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hotro.core.models import OutboundMessage
from hotro.core.outbound.delivery import render
from hotro.phone.models import Call, CallEvent, CallOutcome
from hotro.phone.signatures import signed_headers

URL = "/hooks/calls/"
SECRET = "pbx-secret"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _pbx(settings, provider_defaults):
    settings.HOTRO_CALL_HMAC_SECRET = SECRET


@pytest.fixture
def at(monkeypatch):
    def move(instant: datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: instant)

    return move


def post(client, payload: dict, secret: str = SECRET):
    body = json.dumps(payload).encode()
    headers = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in signed_headers(body, secret).items()}
    return client.post(URL, body, content_type="application/json", **headers)


def ended(answered: bool, **extra) -> dict:
    return {
        "id": "c-1",
        "event": "ended",
        "caller": "0969297579",
        "callee": "+84969297579",
        "duration": 95,
        "answered": answered,
        **extra,
    }


def test_an_answered_call_is_logged_without_an_sms(client, at):
    at(datetime(2026, 12, 7, 10, 0, tzinfo=HCM))  # Monday morning: the hotline is open
    assert post(client, {"id": "c-0", "event": "ringing", "caller": "0969297579"}).status_code == 204
    assert not Call.objects.exists()
    assert post(client, ended(True)).status_code == 204
    call = Call.objects.get()
    assert (call.number, call.outcome, call.duration_seconds, call.department.slug) == (
        "+84969297579",
        CallOutcome.ANSWERED,
        95,
        "sales",
    )
    assert not OutboundMessage.objects.exists()


def test_a_call_missed_after_hours_gets_the_hours_and_the_way_to_open_a_ticket(client, at):
    """P7, P12: Sunday night the sales hotline is closed; the caller learns when it opens and where to write."""
    at(datetime(2026, 12, 6, 22, 0, tzinfo=HCM))
    assert post(client, ended(False)).status_code == 204
    assert Call.objects.get().outcome == CallOutcome.MISSED
    sms = OutboundMessage.objects.get()
    assert (sms.channel, sms.to, sms.kind) == ("sms", "+84969297579", "phone/missed_call")
    render(sms)
    assert "08:00" in sms.body_text and "/tickets/new/" in sms.body_text


def test_a_call_missed_while_open_is_only_logged(client, at):
    at(datetime(2026, 12, 7, 10, 0, tzinfo=HCM))
    post(client, ended(False))
    assert Call.objects.get().outcome == CallOutcome.MISSED and not OutboundMessage.objects.exists()


def test_the_same_event_twice_logs_one_call(client, at):
    at(datetime(2026, 12, 7, 10, 0, tzinfo=HCM))
    post(client, ended(True))
    post(client, ended(True))
    assert Call.objects.count() == 1 and CallEvent.objects.count() == 1


@pytest.mark.parametrize("secret", ["", "wrong"])
def test_forged_events_get_403_and_store_nothing(client, secret):
    body = json.dumps(ended(True)).encode()
    response = client.post(URL, body, content_type="application/json", HTTP_X_HOTRO_SIGNATURE=secret)
    assert response.status_code == 403
    assert not CallEvent.objects.exists() and not Call.objects.exists()


@pytest.mark.parametrize("payload", [{"id": "x", "event": "hangup", "caller": "1"}, {"event": "ended"}, [1, 2]])
def test_malformed_events_get_400(client, payload):
    assert post(client, payload).status_code == 400
    assert not CallEvent.objects.exists()
