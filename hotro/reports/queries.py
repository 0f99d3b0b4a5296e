"""Reading the rollups: every report page's numbers come from these few aggregate queries.

Each query reads only the ``Daily*`` tables, filtered by the selection (days, departments,
channel) along their unique indexes, and grouped by what the table shows. The cost grows
with the number of rollup rows in the selection (days x departments x channels x …), never
with the number of tickets or messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Max, Q, QuerySet, Sum

from hotro.reports import buckets
from hotro.reports.models import (
    DailyAgentStats,
    DailyBacklog,
    DailyCsat,
    DailyTicketStats,
    DailyVolume,
    MonthlyTicketStats,
)

COUNTS = (
    "opened",
    "first_responses",
    "resolved",
    "fr_business_s",
    "fr_wall_s",
    "res_business_s",
    "res_wall_s",
    "fr_met",
    "fr_breached",
    "res_met",
    "res_breached",
    "out_of_scope",
)
VOLUME = ("opened", "resolved")
SLA = ("fr_met", "fr_breached", "res_met", "res_breached")
HISTOGRAM_COLUMNS = tuple(name for prefix in buckets.HISTOGRAMS for name in buckets.columns(prefix))


@dataclass(frozen=True)
class Selection:
    """What a report page shows: days ``start``..``end`` (inclusive, desk's zone), the departments
    (``None``: all; always within what the reader may see) and one channel or all (``""``)."""

    start: date
    end: date
    departments: frozenset[int] | None = None
    channel: str = ""

    def q(self, *, department: str = "department_id") -> Q:
        return Q(day__gte=self.start, day__lte=self.end) & self.scope_q(department=department)

    def scope_q(self, *, department: str = "department_id") -> Q:
        """The department and channel part of the filter."""
        where = Q()
        if self.departments is not None:
            where &= Q(**{f"{department}__in": sorted(self.departments)})
        if self.channel:
            where &= Q(channel=self.channel)
        return where

    def whole_months(self) -> tuple[date, date] | None:
        """The first and last calendar month lying wholly inside the period (their first days), if any."""
        first = self.start if self.start.day == 1 else next_month(self.start.replace(day=1))
        after = next_month(self.end.replace(day=1))
        last_end = self.end if self.end + timedelta(days=1) == after else self.end.replace(day=1) - timedelta(days=1)
        last = last_end.replace(day=1)
        return (first, last) if first <= last and last_end <= self.end and first >= self.start else None

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


def _sums(names: Iterable[str]) -> dict[str, Sum]:
    return {name: Sum(name) for name in names}


def next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def _grouped(qs: QuerySet[Any], group: Sequence[str], fields: Sequence[str]) -> list[dict[str, Any]]:
    return list(qs.values(*group).annotate(**_sums(fields))) if group else [qs.aggregate(**_sums(fields))]


def ticket_stats(selection: Selection, group: Sequence[str], fields: Sequence[str]) -> list[dict[str, Any]]:
    """Sums of ``fields`` per ``group`` (e.g. ``("department_id",)``, ``("day",)``; empty: one total row).

    Whole months are read from ``MonthlyTicketStats`` and the days around them from the daily rows,
    then added up here: two queries whatever the period (one when grouping by day).
    """
    daily = DailyTicketStats.objects.order_by()
    if "day" in group:
        parts = [_grouped(daily.filter(selection.q()), group, fields)]
    else:
        period = Q(day__gte=selection.start, day__lte=selection.end)
        months = selection.whole_months()
        if months is None:  # no whole month: every day from the daily rows, the monthly query finds nothing
            in_months, edges = Q(month__gt=selection.end, month__lt=selection.start), period
        else:
            in_months = Q(month__gte=months[0], month__lte=months[1])
            edges = period & ~Q(day__gte=months[0], day__lt=next_month(months[1]))
        monthly = MonthlyTicketStats.objects.order_by().filter(in_months & selection.scope_q())
        parts = [_grouped(monthly, group, fields), _grouped(daily.filter(edges & selection.scope_q()), group, fields)]
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for rows in parts:
        for row in rows:
            key = tuple(row[g] for g in group)
            target = merged.setdefault(key, {**{g: row[g] for g in group}, **dict.fromkeys(fields, 0)})
            for name in fields:
                target[name] += row[name] or 0
    return list(merged.values()) or ([dict.fromkeys(fields, 0)] if not group else [])


def volume_by_day(selection: Selection) -> list[dict[str, Any]]:
    """Tickets opened and resolved per day (``DailyVolume``)."""
    rows = DailyVolume.objects.filter(selection.q()).order_by().values("day").annotate(**_sums(VOLUME))
    return [{"day": r["day"], **{name: r[name] or 0 for name in VOLUME}} for r in rows]


def histogram(row: dict[str, Any], prefix: str) -> list[int]:
    return [row.get(name) or 0 for name in buckets.columns(prefix)]


def percentiles(row: dict[str, Any], prefix: str) -> tuple[float | None, float | None]:
    """(p50, p90) in seconds of one histogram of a summed row."""
    counts = histogram(row, prefix)
    return buckets.percentile(counts, 0.5), buckets.percentile(counts, 0.9)


def agent_stats(selection: Selection) -> list[dict[str, Any]]:
    qs = DailyAgentStats.objects.filter(selection.q()).order_by()
    return list(
        qs.values("agent_id").annotate(
            replies=Sum("replies"), tickets=Sum("tickets"), first_responses=Sum("first_responses")
        )
    )


def backlog_day(selection: Selection) -> date | None:
    """The last day in the selection with a backlog snapshot (today's, or the end of a past day)."""
    return DailyBacklog.objects.filter(selection.q()).aggregate(last=Max("day"))["last"]


def backlog(selection: Selection, day: date | None, group: Sequence[str]) -> list[dict[str, Any]]:
    """Open tickets and their age buckets on ``day``, per ``group``."""
    if day is None:
        return []
    on_day = Selection(day, day, selection.departments, selection.channel)
    fields = ("open_tickets", *buckets.age_columns())
    return list(DailyBacklog.objects.filter(on_day.q()).order_by().values(*group).annotate(**_sums(fields)))


def backlog_series(selection: Selection, days: Sequence[date] | None = None) -> dict[date, int]:
    """Open tickets per day with a snapshot; ``days``: only those (a week's last day, for a long period)."""
    qs = DailyBacklog.objects.filter(selection.q()).order_by()
    if days is not None:
        qs = qs.filter(day__in=list(days))
    rows = qs.values("day").annotate(n=Sum("open_tickets"))
    return {row["day"]: row["n"] or 0 for row in rows}


def csat(selection: Selection, group: Sequence[str]) -> list[dict[str, Any]]:
    qs = DailyCsat.objects.filter(selection.q()).order_by()
    if not group:
        total = qs.aggregate(**_sums(("good", "okay", "bad")))
        return [{k: v or 0 for k, v in total.items()}]
    return list(qs.values(*group).annotate(**_sums(("good", "okay", "bad"))))


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
