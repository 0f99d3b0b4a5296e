"""Idempotency-Key: a retried POST returns the first answer and creates nothing twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hotro.api import idempotency
from hotro.api.models import IdempotentResponse
from hotro.desk.models import Message, Ticket

pytestmark = pytest.mark.django_db
OPEN = {"requester": {"email": "retry@example.com"}, "department": "technical", "subject": "Mất kết nối", "body": "b"}


def test_a_retry_with_the_same_key_returns_the_stored_answer(api_as, tech_agent):
    api = api_as(tech_agent)
    first = api.post("/tickets/", OPEN, key="open-42")
    second = api.post("/tickets/", OPEN, key="open-42")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert (first["Idempotent-Replayed"], second["Idempotent-Replayed"]) == ("false", "true")
    assert Ticket.objects.filter(subject="Mất kết nối").count() == 1


def test_a_different_body_with_the_same_key_is_refused(api_as, tech_agent):
    api = api_as(tech_agent)
    api.post("/tickets/", OPEN, key="k")
    response = api.post("/tickets/", {**OPEN, "subject": "Khác"}, key="k")
    assert response.status_code == 422 and response.json()["code"] == "idempotency_key_reused"
    assert not Ticket.objects.filter(subject="Khác").exists()


def test_replies_are_not_doubled(api_as, tech_agent, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    api = api_as(tech_agent)
    for _ in range(3):
        assert api.post(f"/tickets/{ticket.number}/replies", {"body": "Xong"}, key="r1").status_code == 201
    assert Message.objects.filter(ticket=ticket, body_text="Xong").count() == 1


def test_keys_belong_to_their_token(api_as, tech_agent):
    api_as(tech_agent).post("/tickets/", OPEN, key="shared")
    api_as(tech_agent).post("/tickets/", OPEN, key="shared")
    assert Ticket.objects.filter(subject="Mất kết nối").count() == 2


def test_a_refused_request_is_not_kept_and_may_be_retried(api_as, tech_agent):
    api = api_as(tech_agent)
    assert api.post("/tickets/", {**OPEN, "department": "nowhere"}, key="fix-me").status_code == 422
    assert not IdempotentResponse.objects.exists()
    assert api.post("/tickets/", {**OPEN, "department": "nowhere"}, key="fix-me").status_code == 422


def test_without_a_key_each_post_counts(api_as, tech_agent):
    api = api_as(tech_agent)
    api.post("/tickets/", OPEN)
    api.post("/tickets/", OPEN)
    assert Ticket.objects.filter(subject="Mất kết nối").count() == 2


def test_old_answers_are_pruned(api_as, tech_agent):
    api_as(tech_agent).post("/tickets/", OPEN, key="old")
    IdempotentResponse.objects.update(created_at=timezone.now() - timedelta(days=2))
    assert idempotency.prune() == 1


def test_an_overlong_key_is_a_field_error(api_as, tech_agent):
    response = api_as(tech_agent).post("/tickets/", OPEN, key="x" * 300)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "Idempotency-Key"
