"""Issue 14, finding 8: a date the database cannot hold is a form error on the search page, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

URL = reverse("console:search")


@pytest.fixture(autouse=True)
def _english_speaking_agent(tech_agent):
    tech_agent.language = "en"
    tech_agent.save(update_fields=["language"])


@pytest.fixture
def agent_client(tech_agent, client_for) -> Client:
    return client_for(tech_agent)


@pytest.mark.parametrize(
    "params",
    [
        {"from": "0001-01-01"},
        {"to": "0001-01-01"},
        {"from": "9999-12-31"},
        {"to": "9999-12-31"},
        {"from": "0001-01-01", "to": "9999-12-31"},
        {"from": "1899-12-31", "q": "vps"},
    ],
)
def test_a_date_out_of_range_is_reported_not_a_500(agent_client, params):
    response = agent_client.get(URL, params)
    assert response.status_code == 200
    assert "Choose a date between" in response.content.decode()


def test_the_rest_of_the_search_still_runs(agent_client, contact_a, make_ticket):
    ticket = make_ticket(contact_a, subject="VPS chậm")
    page = agent_client.get(URL, {"from": "0001-01-01", "q": "vps cham"}).content.decode()
    assert f">{ticket.number}<" in page


@pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30", "10000-01-01", "-1-01-01", "x" * 300])
def test_a_malformed_date_is_a_form_error(agent_client, value):
    response = agent_client.get(URL, {"from": value, "to": value})
    assert response.status_code == 200


def test_ordinary_dates_still_narrow_the_search(agent_client, contact_a, make_ticket):
    ticket = make_ticket(contact_a, subject="VPS chậm")
    day = timezone.localdate(ticket.created_at).isoformat()
    page = agent_client.get(URL, {"from": day, "to": day}).content.decode()
    assert f">{ticket.number}<" in page
    assert "Choose a date between" not in page
