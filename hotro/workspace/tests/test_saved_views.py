"""Saved views ("my filters"): an agent keeps a list page's filters under a name; the menu shows them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hotro.workspace import services
from hotro.workspace.models import SavedView
from hotro.workspace.services import WorkspaceError


def _save(client, name="VPS khẩn", path="/console/queue/technical/", query="priority=1&page=3"):
    return client.post(reverse("console:saved_view_save"), {"name": name, "path": path, "query": query, "next": path})


def test_an_agent_saves_the_current_filters_and_finds_them_in_the_menu(client_for, tech_agent):
    client = client_for(tech_agent)
    response = _save(client)
    view = SavedView.objects.get()
    assert (view.owner, view.name, view.path, view.query) == (
        tech_agent,
        "VPS khẩn",
        "/console/queue/technical/",
        "priority=1",
    )
    assert response["Location"] == "/console/queue/technical/?priority=1"  # paging is not a filter
    page = client.get(reverse("console:triage")).content.decode()
    assert 'href="/console/queue/technical/?priority=1"' in page and "VPS khẩn" in page


def test_the_same_name_replaces_the_view(client_for, tech_agent):
    client = client_for(tech_agent)
    _save(client, query="priority=1")
    _save(client, query="priority=2")
    assert list(SavedView.objects.values_list("query", flat=True)) == ["priority=2"]


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("", "/console/queue/"),
        ("x" * 61, "/console/queue/"),
        ("Hồ sơ", "/console/tickets/CM-000001/"),  # not a list
        ("Ngoài", "https://evil.example/console/queue/"),
        ("Ngoài", "//evil.example/console/queue/"),
        ("Quản trị", "/admin/"),
    ],
)
def test_bad_input_saves_nothing(client_for, tech_agent, name, path):
    response = _save(client_for(tech_agent), name=name, path=path)
    assert response.status_code == 302
    assert not SavedView.objects.exists()


def test_only_the_owner_sees_and_deletes_a_view(client_for, tech_agent, tech_agent_2):
    _save(client_for(tech_agent))
    view = SavedView.objects.get()
    other = client_for(tech_agent_2)
    assert "VPS khẩn" not in other.get(reverse("console:triage")).content.decode()
    assert other.post(reverse("console:saved_view_delete", args=[view.pk])).status_code == 404
    assert SavedView.objects.exists()
    owner = client_for(tech_agent)
    assert owner.post(reverse("console:saved_view_delete", args=[view.pk])).status_code == 302
    assert not SavedView.objects.exists()
    assert "VPS khẩn" not in owner.get(reverse("console:triage")).content.decode()


def test_customers_and_visitors_cannot_save_or_delete(client_for, customer_a, tech_agent):
    _save(client_for(tech_agent))
    view = SavedView.objects.get()
    assert _save(client_for(customer_a), name="khách").status_code == 404
    assert client_for(customer_a).post(reverse("console:saved_view_delete", args=[view.pk])).status_code == 404
    assert "/accounts/login/" in _save(Client(), name="ẩn danh")["Location"]
    assert SavedView.objects.count() == 1


def test_the_menu_costs_no_query_once_kept(client_for, tech_agent):
    services.save_view(tech_agent, "Của tôi", "/console/mine/", "")
    client = client_for(tech_agent)
    client.get(reverse("console:mine"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("console:mine"))
    assert not [q for q in queries.captured_queries if "workspace_savedview" in q["sql"]]


def test_an_agent_keeps_at_most_a_menu_of_views(tech_agent):
    for i in range(services.MAX_VIEWS):
        services.save_view(tech_agent, f"v{i}", "/console/mine/", "")
    with pytest.raises(WorkspaceError):
        services.save_view(tech_agent, "one more", "/console/mine/", "")
