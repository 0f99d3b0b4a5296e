"""Seed the report rollups as if the desk held N tickets over three years, in seconds.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotro_bench SECRET_KEY=x \\
        .venv/bin/python -m bench.reports_seed --tickets 1000000

The report pages read only the daily rollups (``hotro.reports``), so their speed depends on
how many rollup rows a period holds, not on the ticket table: this writes those rows
directly (``COPY`` on PostgreSQL) with the shape a real desk of that size gives — every
day x department x channel x category x priority that saw tickets, with response and
resolution histograms, agent replies, the daily backlog by assignee and ratings — instead
of running ``rebuild_reports`` over a million seeded tickets. It also creates the
administrator the report scenarios sign in as (``REPORTS_EMAIL``). A seed of the same
size is recorded in ``bench_reports_seed`` and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from typing import Any

DAYS = 3 * 365
REPORTS_EMAIL = "reports@bench.example"
CHANNELS = {"web": 45, "email": 35, "chat": 10, "sms": 4, "phone": 4, "api": 2}
PRIORITIES = {1: 5, 2: 20, 3: 60, 4: 15}
DEPARTMENTS = {"technical": 0.7, "sales": 0.3}
# Share of tickets per histogram bucket (hotro.reports.buckets: <15 min … ≥30 days), first response and resolution.
FIRST_RESPONSE_PROFILE = [30, 20, 18, 12, 8, 5, 4, 2, 1, 0, 0, 0, 0, 0]
RESOLUTION_PROFILE = [2, 3, 5, 8, 10, 12, 20, 15, 10, 7, 4, 3, 1, 0]
AGE_PROFILE = [40, 30, 15, 10, 5]


def _spread(rng: random.Random, total: int, weights: list[int]) -> list[int]:
    """``total`` split by ``weights``, rounded at random so the parts add up on average."""
    whole = sum(weights) or 1
    parts = []
    for w in weights:
        exact = total * w / whole
        parts.append(int(exact) + (1 if rng.random() < exact - int(exact) else 0))
    return parts


def _combos(departments: dict[str, int], categories: dict[str, list[int]]) -> list[tuple[int, str, int, int, float]]:
    """(department, channel, category, priority, share of the day's tickets) for every combination."""
    out = []
    channels_total, priorities_total = sum(CHANNELS.values()), sum(PRIORITIES.values())
    for slug, department_id in departments.items():
        cats = [0, *categories[slug]]
        for channel, cw in CHANNELS.items():
            for category in cats:
                for priority, pw in PRIORITIES.items():
                    share = DEPARTMENTS[slug] * cw / channels_total * pw / priorities_total / len(cats)
                    out.append((department_id, channel, category, priority, share))
    return out


def _writer(model: Any) -> Any:
    """Rows of ``model`` go through COPY on PostgreSQL, through bulk_create elsewhere (a tiny local run).

    Ids are given explicitly (COPY fills every column), from 1: the tables were emptied first, and
    ``_reset_sequences`` moves the id sequences past them afterwards.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        from bench.seed import Copier, Loader

        class Numbered(Copier):
            def write(self, values: dict[str, Any]) -> None:
                super().write({"id": self.count + 1, **values})

        return Numbered(Loader(model))

    class Bulk:
        def __init__(self) -> None:
            self.rows: list[Any] = []
            self.count = 0

        def write(self, values: dict[str, Any]) -> None:
            self.rows.append(model(**values))
            self.count += 1
            if len(self.rows) >= 2000:
                model.objects.bulk_create(self.rows)
                self.rows = []

        def close(self) -> None:
            model.objects.bulk_create(self.rows)

    return Bulk()


def _reader() -> Any:
    from bench.seed import BENCH_PASSWORD
    from hotro.accounts.models import Role, User
    from hotro.accounts.services import create_agent

    user = User.objects.filter(email=REPORTS_EMAIL).first()
    if user is None:
        user = create_agent(REPORTS_EMAIL, BENCH_PASSWORD, name="Báo cáo", role=Role.ADMIN)
    return user


def seed(tickets: int, *, end: date | None = None, rng_seed: int = 15) -> dict[str, Any]:
    from hotro.accounts.models import Agent
    from hotro.desk.models import Category, Department
    from hotro.reports import buckets
    from hotro.reports.facts import local_day
    from hotro.reports.models import (
        DailyAgentStats,
        DailyBacklog,
        DailyCsat,
        DailyTicketStats,
        DailyVolume,
        MonthlyTicketStats,
    )
    from hotro.reports.refresh import resum_months, resum_volume

    started = time.perf_counter()
    rng = random.Random(rng_seed)
    end = end or local_day(datetime.now().astimezone())
    departments = {d.slug: d.pk for d in Department.objects.filter(slug__in=list(DEPARTMENTS))}
    if set(departments) != set(DEPARTMENTS):
        raise SystemExit("bench.reports_seed: run `manage.py load_provider_defaults` first (departments missing)")
    categories = {
        slug: list(Category.objects.filter(department_id=pk).values_list("pk", flat=True))
        for slug, pk in departments.items()
    }
    reader = _reader()
    # The bench seed's 40 agents; on a database without them (rollups alone), 40 ids no page can name.
    agents = list(Agent.objects.exclude(user=reader).values_list("user_id", flat=True)[:40])
    agents = agents or list(range(10_000_001, 10_000_041))
    for model in (DailyTicketStats, MonthlyTicketStats, DailyVolume, DailyAgentStats, DailyBacklog, DailyCsat):
        model.objects.all().delete()
    combos = _combos(departments, categories)
    holders = min(20, max(1, tickets // 50_000))  # agents holding open tickets on a given day
    per_day = tickets / DAYS
    counts = {"tickets": 0, "ticket_rows": 0, "agent_rows": 0, "backlog_rows": 0, "csat_rows": 0}
    ticket_w, agent_w = _writer(DailyTicketStats), _writer(DailyAgentStats)
    backlog_w, csat_w = _writer(DailyBacklog), _writer(DailyCsat)
    for n in range(DAYS):
        day = end - timedelta(days=n)
        day_total = 0
        for department_id, channel, category, priority, share in combos:
            expected = per_day * share
            opened = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
            if not opened:
                continue
            day_total += opened
            row: dict[str, Any] = {
                "day": day,
                "department_id": department_id,
                "channel": channel,
                "category_id": category,
                "priority": priority,
                "opened": opened,
                "first_responses": opened,
                "resolved": opened,
                "fr_met": opened - opened // 10,
                "fr_breached": opened // 10,
                "res_met": opened - opened // 8,
                "res_breached": opened // 8,
                "out_of_scope": 1 if rng.random() < 0.05 * opened else 0,
                "fr_business_s": opened * 5400,
                "fr_wall_s": opened * 9000,
                "res_business_s": opened * 60000,
                "res_wall_s": opened * 150000,
            }
            for prefix, profile in (("frb", FIRST_RESPONSE_PROFILE), ("frw", [*FIRST_RESPONSE_PROFILE[1:], 0])):
                for i, part in enumerate(_spread(rng, opened, profile)):
                    row[buckets.column(prefix, i)] = part
            for prefix, profile in (("resb", RESOLUTION_PROFILE), ("resw", [*RESOLUTION_PROFILE[1:], 0])):
                for i, part in enumerate(_spread(rng, opened, profile)):
                    row[buckets.column(prefix, i)] = part
            ticket_w.write(row)
        counts["tickets"] += day_total
        replies = day_total * 3
        for department_id in departments.values():
            for agent_id, part in zip(agents, _spread(rng, replies // 2, [1] * len(agents)), strict=True):
                if part:
                    agent_w.write(
                        {"day": day, "agent_id": agent_id, "department_id": department_id, "channel": "web",
                         "replies": part, "tickets": max(1, part // 3), "first_responses": part // 5}
                    )  # fmt: skip
                    ratings = _spread(rng, part // 6, [75, 15, 10])
                    if any(ratings):
                        csat_w.write(
                            {"day": day, "department_id": department_id, "channel": "web", "agent_id": agent_id,
                             "good": ratings[0], "okay": ratings[1], "bad": ratings[2]}
                        )  # fmt: skip
            # Open tickets at the end of the day, by channel, priority and assignee: about as many rows a day as
            # a desk of this size has (every agent holding tickets of several channels and priorities at 1M).
            for channel in CHANNELS:
                for priority in PRIORITIES:
                    for assignee in [0, *agents[:holders]]:
                        open_tickets = _spread(rng, max(1, day_total // 400), [1])[0]
                        ages = _spread(rng, open_tickets, AGE_PROFILE)
                        backlog_w.write(
                            {"day": day, "department_id": department_id, "channel": channel, "priority": priority,
                             "assignee_id": assignee, "open_tickets": sum(ages),
                             **{buckets.age_column(i): a for i, a in enumerate(ages)}}
                        )  # fmt: skip
    for writer, name in (
        (ticket_w, "ticket_rows"),
        (agent_w, "agent_rows"),
        (backlog_w, "backlog_rows"),
        (csat_w, "csat_rows"),
    ):
        writer.close()
        counts[name] = writer.count
    _reset_sequences([DailyTicketStats, DailyAgentStats, DailyBacklog, DailyCsat])
    # The series and monthly rows, as the job keeps them from the daily ones.
    days = [end - timedelta(days=n) for n in range(DAYS)]
    for i in range(0, DAYS, 31):
        resum_volume(days[i : i + 31])
    resum_months({day.replace(day=1) for day in days})
    _analyze()
    report = {"requested_tickets": tickets, **counts, "end": end.isoformat(), "reader": REPORTS_EMAIL}
    report["seconds"] = round(time.perf_counter() - started, 1)
    _record(report)
    return report


def _reset_sequences(models: list[Any]) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cur:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cur.execute(sql)


def _analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for table in (
                "reports_dailyticketstats",
                "reports_monthlyticketstats",
                "reports_dailyvolume",
                "reports_dailyagentstats",
                "reports_dailybacklog",
                "reports_dailycsat",
            ):
                cur.execute(f"ANALYZE {table}")


def _record(report: dict[str, Any]) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_reports_seed (tickets integer PRIMARY KEY, report text NOT NULL)")
        cur.execute("DELETE FROM bench_reports_seed")
        cur.execute("INSERT INTO bench_reports_seed VALUES (%s, %s)", [report["requested_tickets"], json.dumps(report)])


def existing(tickets: int) -> dict[str, Any] | None:
    """The recorded seed when it has this size and ends today (the pages' default period is the last days)."""
    from django.db import connection

    from hotro.reports.facts import local_day

    if "bench_reports_seed" not in connection.introspection.table_names():
        return None
    with connection.cursor() as cur:
        cur.execute("SELECT report FROM bench_reports_seed WHERE tickets = %s", [tickets])
        row = cur.fetchone()
    if not row:
        return None
    report = json.loads(row[0])
    return report if report.get("end") == local_day(datetime.now().astimezone()).isoformat() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--json", help="write the seed report here")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotro.settings")
    import django

    django.setup()
    report = existing(args.tickets)
    if report is None:
        report = seed(args.tickets)  # no wrapping transaction: COPY runs on connections of its own
    else:
        report["reused"] = True
    print(
        f"bench.reports_seed: rollups for {report['tickets']:,} tickets: {report['ticket_rows']:,} ticket rows, "
        f"{report['agent_rows']:,} agent rows, {report['backlog_rows']:,} backlog rows ({report['seconds']} s)",
        flush=True,
    )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
