"""The console's report pages: who may read them, filters, CSV of every table, both languages,
and a query count that does not grow with the period or the rows."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hotro.accounts.models import Role
from hotro.accounts.services import create_agent
from hotro.desk.models import Channel, Priority
from hotro.reports import buckets, pages
from hotro.reports.models import DailyAgentStats, DailyBacklog, DailyCsat, DailyTicketStats
from hotro.reports.refresh import refresh, resum_months, resum_volume

pytestmark = pytest.mark.django_db

END = date(2026, 3, 31)


def url(page: str, **params: str) -> str:
    base = reverse("console:reports") if page == "overview" else reverse("console:reports_page", args=[page])
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{base}?{query}" if query else base


def seed_rollups(departments, agents, days: int, end: date = END) -> None:
    """Rollup rows as the job writes them, for ``days`` days up to ``end`` (bulk, like the benchmark)."""
    tickets, agent_rows, backlog, csat = [], [], [], []
    for n in range(days):
        day = end - timedelta(days=n)
        for department in departments:
            for channel in (Channel.WEB, Channel.EMAIL):
                for priority in (Priority.HIGH, Priority.NORMAL):
                    row = DailyTicketStats(
                        day=day,
                        department_id=department.pk,
                        channel=channel,
                        priority=priority,
                        opened=5,
                        first_responses=4,
                        resolved=3,
                        fr_met=3,
                        fr_breached=1,
                        res_met=2,
                        res_breached=1,
                        out_of_scope=1,
                    )
                    setattr(row, buckets.column("frb", 2), 4)
                    setattr(row, buckets.column("frw", 3), 4)
                    setattr(row, buckets.column("resb", 6), 3)
                    setattr(row, buckets.column("resw", 7), 3)
                    tickets.append(row)
                    backlog.append(
                        DailyBacklog(
                            day=day,
                            department_id=department.pk,
                            channel=channel,
                            priority=priority,
                            assignee_id=agents[0].pk,
                            open_tickets=2,
                            age_0=1,
                            age_2=1,
                        )
                    )
            for agent in agents:
                agent_rows.append(
                    DailyAgentStats(
                        day=day, agent_id=agent.pk, department_id=department.pk, channel="web", replies=7, tickets=3
                    )
                )
                csat.append(
                    DailyCsat(day=day, department_id=department.pk, channel="web", agent_id=agent.pk, good=2, bad=1)
                )
    DailyTicketStats.objects.bulk_create(tickets)
    days_seeded = [end - timedelta(days=n) for n in range(days)]
    resum_volume(days_seeded)  # the series and monthly rows the job derives from the daily ones
    resum_months({day.replace(day=1) for day in days_seeded})
    DailyAgentStats.objects.bulk_create(agent_rows)
    DailyBacklog.objects.bulk_create(backlog)
    DailyCsat.objects.bulk_create(csat)


@pytest.fixture
def sales_supervisor(sales):
    return create_agent(
        "gs.kinhdoanh@cloudmini.example", None, name="Giám Sát Kinh Doanh", role=Role.SUPERVISOR, departments=[sales]
    )


@pytest.mark.parametrize("page", list(pages.PAGES))
def test_every_page_is_for_supervisors_and_administrators_only(
    page, client_for, customer_a, tech_agent, supervisor, admin_agent
):
    target = url(page)
    anonymous = Client().get(target)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for(customer_a).get(target).status_code == 404  # staff pages do not advertise themselves
    assert client_for(tech_agent).get(target).status_code == 403
    assert client_for(supervisor).get(target).status_code == 200
    assert client_for(admin_agent).get(target).status_code == 200
    assert client_for(admin_agent).post(target).status_code == 405


def test_an_unknown_report_is_a_404(client_for, admin_agent):
    assert client_for(admin_agent).get(url("nothing")).status_code == 404


def test_a_supervisor_reads_their_departments_only(client_for, supervisor, technical, sales, tech_agent, sales_agent):
    seed_rollups([technical, sales], [tech_agent, sales_agent], days=3)
    client = client_for(supervisor)
    page = client.get(url("overview", start="2026-03-29", end="2026-03-31")).content.decode()
    assert technical.label in page and sales.label not in page
    assert client.get(url("volume", department="sales")).status_code == 400  # not a choice for them
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(url("sla", format="csv", start="2026-03-29", end="2026-03-31")).content.decode("utf-8-sig")
            )
        )
    )
    assert [r[0] for r in rows[1:]] == [technical.label]


def test_an_administrator_reads_every_department_and_can_pick_one(
    client_for, admin_agent, technical, sales, tech_agent
):
    seed_rollups([technical, sales], [tech_agent], days=3)
    client = client_for(admin_agent)
    both = client.get(url("overview", start="2026-03-29", end="2026-03-31"))
    assert both.status_code == 200
    opened = both.context["report"].tiles[0].value  # tickets opened
    assert opened == 3 * 2 * 2 * 2 * 5  # days x departments x channels x priorities x 5
    one = client.get(url("overview", start="2026-03-29", end="2026-03-31", department="sales"))
    assert one.context["report"].tiles[0].value == opened // 2


@pytest.mark.parametrize(
    "params",
    [
        {"start": "31/03/2026"},
        {"start": "2026-03-31", "end": "2026-03-01"},
        {"start": "2020-01-01", "end": "2026-03-31"},
        {"channel": "fax"},
        {"department": "nowhere"},
        {"grain": "month"},
    ],
)
def test_bad_filters_are_a_400_with_the_form_errors(params, client_for, admin_agent):
    response = client_for(admin_agent).get(url("volume", **params))
    assert response.status_code == 400
    assert response.context["form"].errors


@pytest.mark.parametrize("page", list(pages.PAGES))
def test_every_table_exports_as_csv(page, client_for, admin_agent, technical, tech_agent):
    seed_rollups([technical], [tech_agent], days=3)
    client = client_for(admin_agent)
    shown = client.get(url(page, start="2026-03-29", end="2026-03-31"))
    assert shown.status_code == 200
    for table in shown.context["report"].tables:
        response = client.get(url(page, start="2026-03-29", end="2026-03-31", format="csv", table=table.key))
        assert response.status_code == 200, table.key
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) == 1 + len(table.rows), table.key
        assert len(rows[0]) == len(table.columns)
    assert client.get(url(page, format="csv", table="nope")).status_code == 400


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client_for, admin_agent, technical):
    evil = create_agent("evil@cloudmini.example", None, name='=HYPERLINK("x")', departments=[technical])
    seed_rollups([technical], [evil], days=1)
    response = client_for(admin_agent).get(url("agents", start="2026-03-31", end="2026-03-31", format="csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0].startswith("'=")


def test_charts_are_accessible_svg_with_the_table_under_them(client_for, admin_agent, technical, tech_agent):
    seed_rollups([technical], [tech_agent], days=3)
    html = client_for(admin_agent).get(url("volume", start="2026-03-29", end="2026-03-31")).content.decode()
    assert html.count('<svg role="img"') >= 4
    assert '<title id="chart-channel-title">' in html and '<desc id="chart-channel-desc">' in html
    assert html.index("chart-channel-title") < html.index("<table", html.index("chart-channel-title"))
    figures = [part.split("</figure>", 1)[0] for part in html.split('<figure class="report-chart">')[1:]]
    assert figures and not any("<script" in figure for figure in figures)  # no chart library, no script


@pytest.mark.parametrize("language", ["vi", "en"])
def test_pages_render_in_vietnamese_and_english(language, client_for, admin_agent, technical, tech_agent):
    from django.utils import translation

    seed_rollups([technical], [tech_agent], days=2)
    admin_agent.language = language  # an agent's pages follow their profile's language
    admin_agent.save(update_fields=["language"])
    client = client_for(admin_agent)
    client.cookies["hotro_language"] = language
    html = client.get(url("times", start="2026-03-30", end="2026-03-31")).content.decode()
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        assert str(pages._("Response and resolution times")) in html


def test_the_menu_links_reports_for_supervisors_only(client_for, supervisor, tech_agent):
    link = reverse("console:reports")
    assert f'href="{link}"' in client_for(supervisor).get(reverse("console:triage")).content.decode()
    assert f'href="{link}"' not in client_for(tech_agent).get(reverse("console:triage")).content.decode()


def _queries(client, target: str) -> int:
    client.get(target)  # warm: what pages keep for a while
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(target).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", list(pages.PAGES))
def test_the_query_count_does_not_grow_with_days_or_rows(
    page, client_for, admin_agent, technical, sales, tech_agent, sales_agent
):
    client = client_for(admin_agent)
    seed_rollups([technical], [tech_agent], days=2)
    few = _queries(client, url(page, start="2026-03-30", end="2026-03-31"))
    seed_rollups([technical, sales], [tech_agent, sales_agent], days=60, end=END - timedelta(days=2))
    many = _queries(client, url(page, start="2026-01-01", end="2026-03-31", grain="week"))
    assert many == few, (page, few, many)


def test_pages_show_what_the_job_computed_from_real_tickets(
    client_for, admin_agent, contact_a, make_ticket, tech_agent
):
    from hotro.desk import services

    ticket = make_ticket(contact_a)
    services.add_agent_reply(ticket, tech_agent, "Em đã nhận.")
    refresh()
    response = client_for(admin_agent).get(url("agents"))
    table = response.context["report"].tables[0]
    assert table.rows[0][:2] == [tech_agent.display_name, 1]
    assert sum(row[-1] for row in table.rows) == 1  # the open ticket, assigned or not, counts once in the load
