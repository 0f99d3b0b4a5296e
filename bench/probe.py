"""Queries per page, in-process: each scenario's page rendered once with Django's test client.

``python -m bench.probe --json FILE`` (with ``DATABASE_URL`` pointing at a seeded bench
database) counts the SQL queries of every page, checks that the counts do not grow
with the rows shown (a 20-message ticket against a 60-message one, a full queue page
against a nearly empty one), and keeps ``EXPLAIN (ANALYZE, BUFFERS)`` of each page's
slowest query and of the queue's list query. The agent search (scenario 6) is also timed
over ``SEARCH_ROUNDS`` requests rotating ``bench.run.SEARCH_QUERIES`` (p50, p95, hits).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

SEARCH_ROUNDS = 50  # five rounds of the ten queries


def _capture(client: Any, method: str, path: str, data: dict[str, str] | None = None) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if method == "GET":
        # Steady state, as the served pages run: what a page keeps for a while (the console's
        # drop-down lists, the mail banner) is loaded by this first call, not counted against rows.
        client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.post(path, data) if method == "POST" else client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
    queries = [{"sql": q["sql"], "ms": float(q["time"]) * 1000} for q in ctx.captured_queries]
    slowest = max(queries, key=lambda q: q["ms"], default=None)
    return {
        "path": path,
        "status": response.status_code,
        "queries": len(queries),
        "ms": round(elapsed, 1),
        "slowest": slowest,
        "sql": [q["sql"] for q in queries],
    }


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cur.fetchall())


def _list_query(page: dict[str, Any]) -> str | None:
    """The page's row query: the one reading desk_ticket with a LIMIT."""
    for sql in page["sql"]:
        if 'FROM "desk_ticket"' in sql and "LIMIT" in sql:
            return sql
    return None


def probe(seed: dict[str, Any]) -> dict[str, Any]:
    from django.test import Client

    from hotro.accounts.models import User

    agent = User.objects.get(email=seed["agent_email"])
    customer = User.objects.get(email=seed["customer_email"])
    agent_client, customer_client = Client(), Client()
    agent_client.force_login(agent)
    customer_client.force_login(customer)
    featured, big = seed["featured_ticket"], seed["big_ticket"]
    prefix = _prefix()
    pages = {
        "queue": _capture(agent_client, "GET", "/console/queue/technical/"),
        "queue_page2": _capture(agent_client, "GET", "/console/queue/technical/?page=2"),
        "queue_few_rows": _capture(agent_client, "GET", "/console/queue/technical/?priority=1&channel=api"),
        "triage": _capture(agent_client, "GET", "/console/triage/"),
        "triage_technical": _capture(agent_client, "GET", "/console/triage/?department=technical"),
        "overdue_first": _capture(agent_client, "GET", "/console/queue/?sort=due"),
        "ticket": _capture(agent_client, "GET", f"/console/tickets/{prefix}-{featured:06d}/"),
        "ticket_60_messages": _capture(agent_client, "GET", f"/console/tickets/{prefix}-{big:06d}/"),
        "my_tickets": _capture(customer_client, "GET", "/tickets/"),
        "my_tickets_closed": _capture(customer_client, "GET", "/tickets/?state=closed"),
        "create": _capture(customer_client, "POST", "/tickets/new/", create_form(seed)),
        "search": _capture(agent_client, "GET", "/console/search/" + _search_queries()[0]),
    }
    pages.update(_report_pages())
    growth = {
        "queue": (pages["queue"]["queries"], pages["queue_few_rows"]["queries"]),
        "triage": (pages["triage"]["queries"], pages["triage_technical"]["queries"]),
        "ticket": (pages["ticket"]["queries"], pages["ticket_60_messages"]["queries"]),
        "my_tickets": (pages["my_tickets"]["queries"], pages["my_tickets_closed"]["queries"]),
    }
    if "reports_volume" in pages:  # a year of rollup rows against the default month
        growth["reports_volume"] = (pages["reports_volume"]["queries"], pages["reports_volume_month"]["queries"])
    explains = {}
    for name in ("queue", "triage", "overdue_first", "ticket", "my_tickets", "search"):
        page = pages[name]
        target = _list_query(page) if name != "ticket" else None
        target = target or (page["slowest"] or {}).get("sql")
        if target:
            explains[name] = {"sql": target, "plan": explain(target)}
    scan = _sla_scan_sql()
    explains["sla_breach_scan"] = {"sql": scan, "plan": explain(scan)}
    for page in pages.values():
        page.pop("sql")
    return {"pages": pages, "growth": growth, "explain": explains, "search": search_latency(agent_client, agent)}


def _report_pages() -> dict[str, Any]:
    """Scenario 9's pages as its administrator (``bench.reports_seed``), when the rollups were seeded."""
    from django.test import Client

    from bench.reports_seed import REPORTS_EMAIL
    from bench.run import report_scenarios
    from hotro.accounts.models import User

    reader = User.objects.filter(email=REPORTS_EMAIL).first()
    if reader is None:
        return {}
    client = Client()
    client.force_login(reader)
    found = {s["name"]: _capture(client, "GET", s["path"]) for s in report_scenarios()}
    found["reports_volume_month"] = _capture(client, "GET", "/console/reports/volume/")
    return found


def _search_queries() -> list[str]:
    from bench.run import search_query_strings

    return search_query_strings()


def search_latency(client: Any, agent: Any, rounds: int = SEARCH_ROUNDS) -> dict[str, Any]:
    """The agent search page in-process (no HTTP, one at a time): p50/p95 in ms; rows on page 1 per query."""
    from urllib.parse import parse_qs

    from hotro.console.queues import PAGE_SIZE
    from hotro.desk import search
    from hotro.desk.services import tickets_for_agent

    queries = _search_queries()
    client.get("/console/search/" + queries[0])  # warm
    times, hits = [], {}
    for i in range(rounds):
        query = queries[i % len(queries)]
        started = time.perf_counter()
        response = client.get("/console/search/" + query)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (query, response.status_code)
    for query in queries:
        text = parse_qs(query[1:])["q"][0]
        found = search.matching(tickets_for_agent(agent), text, include_notes=True)
        rows = len(search.latest_activity_first(found).values_list("pk", flat=True)[: PAGE_SIZE + 1])
        hits[text] = f"{PAGE_SIZE}+" if rows > PAGE_SIZE else str(rows)
    times.sort()

    def pct(p: float) -> float:
        return round(times[min(len(times) - 1, max(0, round(p / 100 * len(times)) - 1))], 1)

    return {"requests": rounds, "p50_ms": pct(50), "p95_ms": pct(95), "max_ms": round(times[-1], 1), "hits": hits}


def _sla_scan_sql() -> str:
    """The SLA scheduler's candidate query (hotro.sla.scan.scan_due), as the database receives it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from hotro.desk.models import Ticket
    from hotro.sla.scan import BATCH

    qs = Ticket.objects.filter(sla_next_check_at__lte=timezone.now()).order_by("sla_next_check_at")
    with CaptureQueriesContext(connection) as ctx:
        list(qs.values_list("pk", "sla_next_check_at")[:BATCH])
    return ctx.captured_queries[-1]["sql"]


def _prefix() -> str:
    from django.conf import settings

    return settings.HOTRO_TICKET_PREFIX


def create_form(seed: dict[str, Any], subject: str = "Benchmark: VPS không khởi động được") -> dict[str, str]:
    """The portal's "open a ticket" form as a signed-in customer fills it."""
    from hotro.desk.models import Department

    technical = Department.objects.get(slug="technical")
    return {
        "department": str(technical.pk),
        "category": "",
        "priority": "3",
        "subject": subject,
        "body": "Máy chủ VPS của tôi không khởi động được sau khi cập nhật kernel. Nhờ anh chị kiểm tra giúp.",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Count the SQL queries of each benchmark page.")
    parser.add_argument("--json", required=True)
    parser.add_argument("--form-only", action="store_true", help="print the create form as JSON and stop")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotro.settings")
    import django

    django.setup()
    from bench.seed import existing_seed

    seed = existing_seed()
    if seed is None:
        raise SystemExit("bench.probe: this database holds no bench seed")
    result = {"form": create_form(seed)} if args.form_only else probe(seed)
    with open(args.json, "w", encoding="utf-8") as fh:
        json.dump(result, fh, indent=2, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
