"""The automatic-assignment page: supervisors set their departments, administrators all; agents may not."""

from __future__ import annotations

from django.urls import reverse

from hotro.routing import services as routing
from hotro.routing.models import AgentCapacity, DepartmentRouting, RoutingMode

URL = "/console/routing/"


def test_the_url_is_the_consoles():
    assert reverse("console:routing") == URL


def test_a_plain_agent_is_refused_and_changes_nothing(client_for, tech_agent, technical):
    client = client_for(tech_agent)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {f"mode_{technical.pk}": RoutingMode.ROUND_ROBIN}).status_code == 403
    assert not DepartmentRouting.objects.exists()


def test_a_supervisor_sets_the_mode_and_capacities_of_their_department_only(
    client_for, supervisor, tech_agent, technical, sales, sales_agent
):
    client = client_for(supervisor)
    page = client.get(URL)
    assert page.status_code == 200
    assert f"mode_{technical.pk}" in page.content.decode()
    assert f"mode_{sales.pk}" not in page.content.decode()
    assert f"cap_{sales_agent.pk}" not in page.content.decode()
    data = {f"mode_{technical.pk}": RoutingMode.LEAST_LOAD, f"cap_{tech_agent.pk}": "5", f"cap_{supervisor.pk}": ""}
    data[f"mode_{sales.pk}"] = RoutingMode.ROUND_ROBIN  # forged: ignored
    assert client.post(URL, data).status_code == 302
    assert routing.modes_by_department() == {technical.pk: RoutingMode.LEAST_LOAD}
    assert AgentCapacity.objects.get(agent=tech_agent).max_open == 5
    assert not AgentCapacity.objects.filter(agent=supervisor).exists()


def test_bad_input_is_a_400_and_changes_nothing(client_for, supervisor, tech_agent, technical):
    client = client_for(supervisor)
    data = {f"mode_{technical.pk}": "lottery", f"cap_{tech_agent.pk}": "-3"}
    assert client.post(URL, data).status_code == 400
    assert not DepartmentRouting.objects.exists() and not AgentCapacity.objects.exists()


def test_an_administrator_sets_every_department(client_for, admin_agent, technical, sales):
    page = client_for(admin_agent).get(URL).content.decode()
    assert f"mode_{technical.pk}" in page and f"mode_{sales.pk}" in page


def test_customers_and_visitors_never_reach_it(client_for, customer_a, client):
    assert client_for(customer_a).get(URL).status_code == 404
    assert "/accounts/login/" in client.get(URL)["Location"]
