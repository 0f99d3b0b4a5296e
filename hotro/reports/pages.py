"""The report pages' contents: tiles, and charts each with the table of its numbers.

One builder per page; each reads the rollups through ``queries`` (a few aggregate
queries whatever the period) and names departments, categories and agents with one
query each. The console's views render the result or export one of its tables as CSV.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from hotro.accounts.models import User
from hotro.desk.models import Category, Channel, Department, Priority
from hotro.reports import buckets, queries
from hotro.reports.charts import Chart, bars, columns
from hotro.reports.facts import satisfaction_installed
from hotro.reports.queries import Selection
from hotro.reports.tables import COUNT, DURATION, PERCENT, TEXT, Column, Table, share


@dataclass(frozen=True)
class Tile:
    label: Any
    value: Any
    kind: str = COUNT


@dataclass
class Section:
    table: Table
    chart: Chart | None = None


@dataclass
class Page:
    name: str
    title: Any
    tiles: list[Tile] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    notes: list[Any] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [s.table for s in self.sections]


# --- names ---------------------------------------------------------------------------------------


def department_names() -> dict[int, str]:
    return {d.pk: d.label for d in Department.objects.all()}


def category_names(ids: set[int]) -> dict[int, str]:
    names = {c.pk: c.label for c in Category.objects.filter(pk__in=ids - {0})}
    return {**names, 0: str(_("No category"))}


def agent_names(ids: set[int]) -> dict[int, str]:
    users = User.objects.filter(pk__in=ids - {0}).only("full_name", "email")
    return {**{u.pk: u.display_name for u in users}, 0: str(_("Nobody"))}


def channel_name(value: str) -> str:
    return str(Channel(value).label) if value in Channel.values else value


def priority_name(value: int) -> str:
    return str(Priority(value).label) if value in Priority.values else str(value)


def period_label(day: date) -> str:
    """A day under a column: day and month, the year is in the period above the chart."""
    return f"{day.day:02d}/{day.month:02d}"


# --- shared pieces ---------------------------------------------------------------------------


TIME_COLUMNS = [
    Column(_("First responses")),
    Column(_("First response p50 (business)"), DURATION),
    Column(_("First response p90 (business)"), DURATION),
    Column(_("First response p50 (wall-clock)"), DURATION),
    Column(_("First response p90 (wall-clock)"), DURATION),
    Column(_("Tickets resolved")),
    Column(_("Resolution p50 (business)"), DURATION),
    Column(_("Resolution p90 (business)"), DURATION),
    Column(_("Resolution p50 (wall-clock)"), DURATION),
    Column(_("Resolution p90 (wall-clock)"), DURATION),
]


def _times(row: dict[str, Any]) -> list[Any]:
    fr_b, fr_w = queries.percentiles(row, buckets.FIRST_RESPONSE_BUSINESS), queries.percentiles(row, "frw")
    res_b, res_w = queries.percentiles(row, buckets.RESOLUTION_BUSINESS), queries.percentiles(row, "resw")
    return [row["first_responses"], *fr_b, *fr_w, row["resolved"], *res_b, *res_w]


def _grouped(selection: Selection, key: str, fields: Sequence[str]) -> list[dict[str, Any]]:
    return queries.ticket_stats(selection, (key,), fields)


def _label_for(key: str, names: dict[int, str]) -> Callable[[Any], str]:
    if key == "channel":
        return channel_name
    if key == "priority":
        return priority_name
    return lambda value: names.get(value, str(value))


def _sorted(rows: list[dict[str, Any]], key: str, label: Callable[[Any], str]) -> list[dict[str, Any]]:
    if key == "priority":
        return sorted(rows, key=lambda r: r[key])
    return sorted(rows, key=lambda r: label(r[key]))


# --- pages -----------------------------------------------------------------------------------


def overview(selection: Selection, grain: str = "day") -> Page:
    page = Page("overview", _("Overview"))
    fields = (*queries.COUNTS, *queries.HISTOGRAM_COLUMNS)
    total = queries.ticket_stats(selection, (), fields)[0]
    fr_p50 = queries.percentiles(total, buckets.FIRST_RESPONSE_BUSINESS)[0]
    res_p50 = queries.percentiles(total, buckets.RESOLUTION_BUSINESS)[0]
    last = queries.backlog_day(selection)
    open_now = sum(r["open_tickets"] or 0 for r in queries.backlog(selection, last, ()))
    rated = queries.csat(selection, ())[0]
    page.tiles = [
        Tile(_("Tickets opened"), total["opened"]),
        Tile(_("Tickets resolved"), total["resolved"]),
        Tile(_("First response p50 (business)"), fr_p50, DURATION),
        Tile(_("Resolution p50 (business)"), res_p50, DURATION),
        Tile(_("First responses within SLA"), share(total["fr_met"], total["fr_met"] + total["fr_breached"]), PERCENT),
        Tile(_("Resolutions within SLA"), share(total["res_met"], total["res_met"] + total["res_breached"]), PERCENT),
        Tile(_("Open at the end of the period"), open_now),
        Tile(_("Out of scope"), share(total["out_of_scope"], total["resolved"]), PERCENT),
        Tile(_("Good ratings"), share(rated["good"], rated["good"] + rated["okay"] + rated["bad"]), PERCENT),
    ]
    page.sections.append(_volume_series(selection, grain))
    names = department_names()
    rows = _grouped(selection, "department_id", fields)
    table = Table(
        "by_department",
        _("By department"),
        [
            Column(_("Department"), TEXT),
            Column(_("Tickets opened")),
            Column(_("Tickets resolved")),
            Column(_("First response p50 (business)"), DURATION),
            Column(_("First responses within SLA"), PERCENT),
            Column(_("Resolutions within SLA"), PERCENT),
        ],
    )
    for row in _sorted(rows, "department_id", _label_for("department_id", names)):
        table.rows.append(
            [
                names.get(row["department_id"], str(row["department_id"])),
                row["opened"],
                row["resolved"],
                queries.percentiles(row, buckets.FIRST_RESPONSE_BUSINESS)[0],
                share(row["fr_met"], row["fr_met"] + row["fr_breached"]),
                share(row["res_met"], row["res_met"] + row["res_breached"]),
            ]
        )
    page.sections.append(Section(table))
    return page


def _volume_series(selection: Selection, grain: str) -> Section:
    rows = queries.volume_by_day(selection)
    by_period: dict[date, list[int]] = {}
    for day in selection.days:
        period = day if grain == "day" else queries.week_start(day)
        by_period.setdefault(period, [0, 0])
    for row in rows:
        period = row["day"] if grain == "day" else queries.week_start(row["day"])
        cell = by_period.setdefault(period, [0, 0])
        cell[0] += row["opened"]
        cell[1] += row["resolved"]
    title = _("Opened and resolved per day") if grain == "day" else _("Opened and resolved per week")
    table = Table(
        "by_period",
        title,
        [
            Column(_("Day") if grain == "day" else _("Week starting"), TEXT),
            Column(_("Tickets opened")),
            Column(_("Tickets resolved")),
        ],
    )
    points = []
    for period in sorted(by_period):
        opened, resolved = by_period[period]
        table.rows.append([period.isoformat(), opened, resolved])
        points.append((period_label(period), [opened, resolved]))
    chart = columns(
        title,
        _("Columns: tickets opened and resolved in each period; the numbers are in the table below."),
        points,
        [(_("Tickets opened"), "opened"), (_("Tickets resolved"), "resolved")],
    )
    return Section(table, chart)


def _volume_by(selection: Selection, key: str, title: Any, label_title: Any, names: dict[int, str]) -> Section:
    label = _label_for(key, names)
    rows = _sorted(_grouped(selection, key, queries.VOLUME), key, label)
    table = Table(
        key.removesuffix("_id"),
        title,
        [Column(label_title, TEXT), Column(_("Tickets opened")), Column(_("Tickets resolved"))],
    )
    for row in rows:
        table.rows.append([label(row[key]), row["opened"], row["resolved"]])
    chart = bars(
        title,
        _("Bars: tickets opened and resolved per row of the table below."),
        [(r[0], r[1:]) for r in table.rows],
        [(_("Tickets opened"), "opened"), (_("Tickets resolved"), "resolved")],
        stacked=False,
    )
    return Section(table, chart)


def volume(selection: Selection, grain: str = "day") -> Page:
    page = Page("volume", _("Volume"))
    names = department_names()
    page.sections.append(_volume_series(selection, grain))
    page.sections.append(_volume_by(selection, "channel", _("By channel"), _("Channel"), {}))
    page.sections.append(_volume_by(selection, "department_id", _("By department"), _("Department"), names))
    categories = queries.ticket_stats(selection, ("department_id", "category_id"), queries.VOLUME)
    category_label = category_names({r["category_id"] for r in categories})
    table = Table(
        "category",
        _("By category"),
        [
            Column(_("Department"), TEXT),
            Column(_("Category"), TEXT),
            Column(_("Tickets opened")),
            Column(_("Tickets resolved")),
        ],
    )
    for row in sorted(categories, key=lambda r: (-r["opened"], r["category_id"])):
        table.rows.append(
            [
                names.get(row["department_id"], ""),
                category_label.get(row["category_id"], ""),
                row["opened"],
                row["resolved"],
            ]
        )
    chart = bars(
        _("By category"),
        _("Bars: tickets opened per category, most first; the numbers are in the table below."),
        [(f"{r[1]} · {r[0]}", [r[2]]) for r in table.rows],
        [(_("Tickets opened"), "opened")],
    )
    page.sections.append(Section(table, chart))
    page.sections.append(_volume_by(selection, "priority", _("By priority"), _("Priority"), {}))
    return page


def _times_by(selection: Selection, key: str, title: Any, label_title: Any, names: dict[int, str]) -> Section:
    fields = ("first_responses", "resolved", *queries.HISTOGRAM_COLUMNS)
    label = _label_for(key, names)
    rows = _sorted(_grouped(selection, key, fields), key, label)
    table = Table(f"times_{key.removesuffix('_id')}", title, [Column(label_title, TEXT), *TIME_COLUMNS])
    for row in rows:
        table.rows.append([label(row[key]), *_times(row)])
    chart = bars(
        title,
        _("Bars: first response p50 and p90 in business hours per row; all figures are in the table below."),
        [(r[0], [(r[2] or 0) / 3600, (r[3] or 0) / 3600]) for r in table.rows],
        [(_("p50"), "p50"), (_("p90"), "p90")],
        stacked=False,
        fmt=lambda v: f"{v:,.1f} h",
    )
    return Section(table, chart)


def times(selection: Selection, grain: str = "day") -> Page:
    page = Page("times", _("Response and resolution times"))
    names = department_names()
    page.sections.append(_times_by(selection, "department_id", _("By department"), _("Department"), names))
    page.sections.append(_times_by(selection, "channel", _("By channel"), _("Channel"), {}))
    page.sections.append(_times_by(selection, "priority", _("By priority"), _("Priority"), {}))
    page.notes.append(
        _(
            "Business time counts the department's opening hours only and leaves out time spent waiting on the "
            "customer; wall-clock time counts every hour. Percentiles are read from fixed time buckets and are "
            "accurate to within one bucket."
        )
    )
    return page


def sla(selection: Selection, grain: str = "day") -> Page:
    page = Page("sla", _("SLA compliance"))
    names = department_names()
    rows = queries.ticket_stats(selection, ("department_id", "priority"), queries.SLA)
    columns_ = [
        Column(_("Department"), TEXT),
        Column(_("Priority"), TEXT),
        Column(_("First response met")),
        Column(_("First response breached")),
        Column(_("First responses within SLA"), PERCENT),
        Column(_("Resolution met")),
        Column(_("Resolution breached")),
        Column(_("Resolutions within SLA"), PERCENT),
    ]
    detail = Table("sla_priority", _("By department and priority"), columns_)
    per_department: dict[int, list[int]] = {}
    for row in sorted(rows, key=lambda r: (names.get(r["department_id"], ""), r["priority"])):
        fr, res = row["fr_met"] + row["fr_breached"], row["res_met"] + row["res_breached"]
        detail.rows.append(
            [
                names.get(row["department_id"], ""),
                priority_name(row["priority"]),
                row["fr_met"],
                row["fr_breached"],
                share(row["fr_met"], fr),
                row["res_met"],
                row["res_breached"],
                share(row["res_met"], res),
            ]
        )
        cell = per_department.setdefault(row["department_id"], [0, 0, 0, 0])
        for i, name in enumerate(queries.SLA):
            cell[i] += row[name]
    summary = Table(
        "sla_department",
        _("By department"),
        [columns_[0], *columns_[2:]],
    )
    for department_id, (fr_met, fr_breached, res_met, res_breached) in sorted(
        per_department.items(), key=lambda item: names.get(item[0], "")
    ):
        summary.rows.append(
            [
                names.get(department_id, ""),
                fr_met,
                fr_breached,
                share(fr_met, fr_met + fr_breached),
                res_met,
                res_breached,
                share(res_met, res_met + res_breached),
            ]
        )
    chart = bars(
        _("First responses: met and breached"),
        _("Stacked bars: first responses within and over their SLA target per department; see the table below."),
        [(r[0], [r[1], r[2]]) for r in summary.rows],
        [(_("Met"), "met"), (_("Breached"), "breached")],
    )
    page.sections.append(Section(summary, chart))
    page.sections.append(Section(detail))
    return page


AGE_LABELS = [_("under 1 day"), _("1-3 days"), _("3-7 days"), _("7-30 days"), _("over 30 days")]


def backlog(selection: Selection, grain: str = "day") -> Page:
    page = Page("backlog", _("Backlog"))
    names = department_names()
    last = queries.backlog_day(selection)
    rows = queries.backlog(selection, last, ("department_id", "priority"))
    age_columns = [Column(label) for label in AGE_LABELS]
    table = Table(
        "backlog",
        _("Open tickets by age"),
        [Column(_("Department"), TEXT), Column(_("Priority"), TEXT), Column(_("Open")), *age_columns],
    )
    per_department: dict[int, list[int]] = {}
    for row in sorted(rows, key=lambda r: (names.get(r["department_id"], ""), r["priority"])):
        ages = [row[name] or 0 for name in buckets.age_columns()]
        table.rows.append(
            [names.get(row["department_id"], ""), priority_name(row["priority"]), row["open_tickets"], *ages]
        )
        cell = per_department.setdefault(row["department_id"], [0] * buckets.AGE_COUNT)
        for i, n in enumerate(ages):
            cell[i] += n
    chart = bars(
        _("Open tickets by age"),
        _("Stacked bars: open tickets per department by how long they have been open; see the table below."),
        [(names.get(d, ""), ages) for d, ages in per_department.items()],
        [(label, f"age{i}") for i, label in enumerate(AGE_LABELS)],
    )
    page.sections.append(Section(table, chart))
    if grain == "week":  # each week's last day: the backlog at the end of the week (one row in seven read)
        ends = {min(selection.end, queries.week_start(day) + timedelta(days=6)) for day in selection.days}
        series = {queries.week_start(day): n for day, n in queries.backlog_series(selection, sorted(ends)).items()}
        trend = Table(
            "backlog_days",
            _("Open tickets at the end of each week"),
            [Column(_("Week starting"), TEXT), Column(_("Open"))],
        )
    else:
        series = queries.backlog_series(selection)
        trend = Table(
            "backlog_days", _("Open tickets at the end of each day"), [Column(_("Day"), TEXT), Column(_("Open"))]
        )
    points = []
    for day in sorted(series):
        trend.rows.append([day.isoformat(), series[day]])
        points.append((period_label(day), [series[day]]))
    trend_chart = columns(
        trend.title,
        _("Columns: open tickets at the end of each period with a snapshot; see the table below."),
        points,
        [(_("Open"), "open")],
    )
    page.sections.append(Section(trend, trend_chart))
    if last is not None:
        page.notes.append(_("Open tickets as of %(day)s.") % {"day": date_format(last, "SHORT_DATE_FORMAT")})
    return page


def agents(selection: Selection, grain: str = "day") -> Page:
    page = Page("agents", _("Agent load and replies"))
    stats = queries.agent_stats(selection)
    last = queries.backlog_day(selection)
    load = {r["assignee_id"]: r["open_tickets"] or 0 for r in queries.backlog(selection, last, ("assignee_id",))}
    names = agent_names({r["agent_id"] for r in stats} | set(load))
    days = len(selection.days)
    table = Table(
        "agents",
        _("Replies and open tickets per agent"),
        [
            Column(_("Agent"), TEXT),
            Column(_("Replies")),
            Column(_("Tickets replied to")),
            Column(_("First responses")),
            Column(_("Replies per day")),
            Column(_("Open tickets assigned")),
        ],
    )
    by_agent = {r["agent_id"]: r for r in stats}
    for agent_id in sorted(set(by_agent) | (set(load) - {0}), key=lambda a: -(by_agent.get(a, {}).get("replies") or 0)):
        row = by_agent.get(agent_id, {})
        replies = row.get("replies") or 0
        table.rows.append(
            [
                names.get(agent_id, str(agent_id)),
                replies,
                row.get("tickets") or 0,
                row.get("first_responses") or 0,
                round(replies / days, 1),
                load.get(agent_id, 0),
            ]
        )
    if load.get(0):
        table.rows.append([names[0], 0, 0, 0, 0, load[0]])
    chart = bars(
        _("Replies per agent"),
        _("Bars: public replies per agent in the period, most first; see the table below."),
        [(r[0], [r[1]]) for r in table.rows if r[1]],
        [(_("Replies"), "replies")],
    )
    page.sections.append(Section(table, chart))
    return page


def scope(selection: Selection, grain: str = "day") -> Page:
    page = Page("scope", _("Out of scope"))
    names = department_names()
    rows = queries.ticket_stats(selection, ("department_id", "category_id"), ("resolved", "out_of_scope"))
    category_label = category_names({r["category_id"] for r in rows})
    table = Table(
        "scope",
        _("Out-of-scope answers by category"),
        [
            Column(_("Department"), TEXT),
            Column(_("Category"), TEXT),
            Column(_("Tickets resolved")),
            Column(_("Out of scope")),
            Column(_("Share"), PERCENT),
        ],
    )
    for row in sorted(rows, key=lambda r: (-r["out_of_scope"], -r["resolved"])):
        table.rows.append(
            [
                names.get(row["department_id"], ""),
                category_label.get(row["category_id"], ""),
                row["resolved"],
                row["out_of_scope"],
                share(row["out_of_scope"], row["resolved"]),
            ]
        )
    chart = bars(
        _("Out-of-scope answers by category"),
        _("Bars: tickets answered as out of scope per category; see the table below for the share."),
        [(f"{r[1]} · {r[0]}", [r[3]]) for r in table.rows if r[3]],
        [(_("Out of scope"), "breached")],
    )
    page.sections.append(Section(table, chart))
    page.notes.append(
        _("Counted when an agent answers with the out-of-scope reply (support policy P13); share of tickets resolved.")
    )
    return page


def _csat_table(key: str, title: Any, label_title: Any, rows: list[dict[str, Any]], names: dict[int, str]) -> Section:
    table = Table(
        key,
        title,
        [
            Column(label_title, TEXT),
            Column(_("Good")),
            Column(_("Okay")),
            Column(_("Bad")),
            Column(_("Ratings")),
            Column(_("Good ratings"), PERCENT),
        ],
    )
    group = "agent_id" if key == "csat_agent" else "department_id"
    for row in sorted(rows, key=lambda r: -(r["good"] + r["okay"] + r["bad"])):
        total = row["good"] + row["okay"] + row["bad"]
        table.rows.append(
            [
                names.get(row[group], str(row[group])),
                row["good"],
                row["okay"],
                row["bad"],
                total,
                share(row["good"], total),
            ]
        )
    chart = bars(
        title,
        _("Stacked bars: good, okay and bad ratings per row; see the table below."),
        [(r[0], r[1:4]) for r in table.rows],
        [(_("Good"), "good"), (_("Okay"), "okay"), (_("Bad"), "bad")],
    )
    return Section(table, chart)


def csat(selection: Selection, grain: str = "day") -> Page:
    page = Page("csat", _("Customer satisfaction"))
    if not satisfaction_installed():
        page.notes.append(_("Customer ratings are not switched on in this installation."))
    departments = queries.csat(selection, ("department_id",))
    by_agent = queries.csat(selection, ("agent_id",))
    page.sections.append(
        _csat_table("csat_department", _("By department"), _("Department"), departments, department_names())
    )
    agents_ = agent_names({r["agent_id"] for r in by_agent})
    page.sections.append(_csat_table("csat_agent", _("By agent"), _("Agent"), by_agent, agents_))
    page.notes.append(_("A rating counts on the day it was first given, for the agent and department then in charge."))
    return page


PAGES: dict[str, tuple[Any, Callable[[Selection, str], Page]]] = {
    "overview": (_("Overview"), overview),
    "volume": (_("Volume"), volume),
    "times": (_("Response and resolution times"), times),
    "sla": (_("SLA compliance"), sla),
    "backlog": (_("Backlog"), backlog),
    "agents": (_("Agents"), agents),
    "scope": (_("Out of scope"), scope),
    "csat": (_("Customer satisfaction"), csat),
}


DAILY_LIMIT = 92  # a longer period is drawn week by week: a year of daily columns is neither readable nor cheap
SERIES_PAGES = {"overview", "volume", "backlog"}


def build(name: str, selection: Selection, grain: str = "day") -> Page:
    weekly = grain == "week" or len(selection.days) > DAILY_LIMIT
    page = PAGES[name][1](selection, "week" if weekly else "day")
    if weekly and grain == "day" and name in SERIES_PAGES:
        page.notes.append(_("Periods longer than %(days)s days are shown week by week.") % {"days": DAILY_LIMIT})
    return page
