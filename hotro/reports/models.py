"""The reports' own tables: daily rollups that pages read, per-ticket facts they are summed
from, and the small "dirty" rows that say what to recompute.

How the numbers stay correct and cheap (see also ``refresh.py``):

1. Inside every desk change's transaction a receiver writes one ``DirtyTicket`` row (the
   ticket's id and the day it happened): an INSERT, nothing else, so a desk change never
   waits on report arithmetic and a rolled-back change leaves no mark.
2. The scheduler's ``reports.refresh`` job recomputes each marked ticket's ``TicketFact``
   (and its ``TicketAgentDay`` rows) from the source rows of that one ticket (the ticket,
   its public agent messages, its out-of-scope answer, SLA breaches, rating), by primary
   key and the message thread index: cheap whatever the size of the desk.
3. Every day whose numbers may have moved (the days of the old fact and of the new one:
   a transfer, a reopening or a re-resolution moves a ticket between days and rows) is
   re-summed from the facts, whose day columns are indexed here. Re-summing, not adding
   deltas, makes the job idempotent: running it twice, late, or after a crash gives the
   same rows as ``rebuild_reports``.
4. Pages read only the ``Daily*`` tables: a few aggregate queries over one row per day x
   department x channel x category x priority, never a COUNT over tickets or messages.

Ids of departments, categories and agents are plain integers (0 for "none"), not
foreign keys: a rollup row outlives a renamed or deleted category and needs no join.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from hotro.reports import buckets


class SlaOutcome(models.TextChoices):
    NONE = "", "-"
    MET = "met", "met"
    BREACHED = "breached", "breached"


class DirtyTicket(models.Model):
    """A ticket changed: its facts and the days they touch must be recomputed.

    Rows are never updated, only inserted (by the desk's receivers) and deleted (by the
    job, by id, once processed): a mark written while the job runs stays for the next run.
    """

    ticket_id = models.BigIntegerField()
    day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"ticket {self.ticket_id} ({self.day})"


class RollupState(models.Model):
    """One row per maintenance process; the job locks it so two schedulers never refresh at once."""

    name = models.CharField(max_length=40, primary_key=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    backlog_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class TicketFact(models.Model):
    """What the reports know of one ticket, computed from its source rows (``facts.py``).

    The day columns say which daily rollup rows the ticket counts in; durations are kept in
    seconds with their histogram bucket (``buckets.index_of``) so a day is re-summed with
    COUNT/SUM per bucket.
    """

    ticket_id = models.BigIntegerField(primary_key=True)
    department_id = models.IntegerField()
    channel = models.CharField(max_length=8)
    category_id = models.IntegerField(default=0)
    priority = models.PositiveSmallIntegerField()
    assignee_id = models.BigIntegerField(default=0)
    created_at = models.DateTimeField()
    created_day = models.DateField()
    # First response (the first public agent reply).
    first_response_day = models.DateField(null=True)
    fr_business_s = models.BigIntegerField(null=True)
    fr_wall_s = models.BigIntegerField(null=True)
    fr_business_bucket = models.SmallIntegerField(null=True)
    fr_wall_bucket = models.SmallIntegerField(null=True)
    fr_sla = models.CharField(max_length=8, choices=SlaOutcome.choices, default=SlaOutcome.NONE, blank=True)
    # Resolution (resolved, or closed without being resolved first).
    resolved_day = models.DateField(null=True)
    res_business_s = models.BigIntegerField(null=True)
    res_wall_s = models.BigIntegerField(null=True)
    res_business_bucket = models.SmallIntegerField(null=True)
    res_wall_bucket = models.SmallIntegerField(null=True)
    res_sla = models.CharField(max_length=8, choices=SlaOutcome.choices, default=SlaOutcome.NONE, blank=True)
    # When it stopped being active (resolved or closed), for the backlog of past days on a rebuild.
    done_at = models.DateTimeField(null=True)
    out_of_scope_day = models.DateField(null=True)
    # Customer satisfaction (hotro.satisfaction's Rating), when the app is installed and the ticket rated.
    rating = models.CharField(max_length=8, blank=True, default="")
    rating_day = models.DateField(null=True)
    rating_department_id = models.IntegerField(default=0)
    rating_agent_id = models.BigIntegerField(default=0)

    class Meta:
        indexes = [
            # Re-summing a day: WHERE created_day IN (…) / first_response_day IN (…) / …
            models.Index(fields=["created_day"], name="fact_created_idx"),
            models.Index(fields=["first_response_day"], name="fact_first_response_idx"),
            models.Index(fields=["resolved_day"], name="fact_resolved_idx"),
            models.Index(fields=["out_of_scope_day"], name="fact_out_of_scope_idx"),
            models.Index(fields=["rating_day"], name="fact_rating_idx"),
            # Backlog of past days on a rebuild: WHERE done_at IS NULL OR done_at >= ?
            models.Index(fields=["done_at"], name="fact_done_idx"),
        ]

    def __str__(self) -> str:
        return f"facts of ticket {self.ticket_id}"


class TicketAgentDay(models.Model):
    """Public replies of one agent on one ticket on one day (department and channel: the ticket's)."""

    ticket_id = models.BigIntegerField()
    day = models.DateField()
    agent_id = models.BigIntegerField()
    department_id = models.IntegerField()
    channel = models.CharField(max_length=8)
    replies = models.PositiveIntegerField(default=0)
    first_response = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ticket_id", "day", "agent_id"], name="ticket_agent_day_once")]
        # Re-summing a day: WHERE day IN (…)
        indexes = [models.Index(fields=["day"], name="ticket_agent_day_idx")]

    def __str__(self) -> str:
        return f"{self.agent_id} on {self.ticket_id} ({self.day})"


class TicketStats(models.Model):
    """The counters of a ticket rollup row (by department x channel x category x priority), daily or monthly."""

    department_id = models.IntegerField()
    channel = models.CharField(max_length=8)
    category_id = models.IntegerField(default=0)
    priority = models.PositiveSmallIntegerField()
    opened = models.PositiveIntegerField(default=0)
    first_responses = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    fr_business_s = models.BigIntegerField(default=0)
    fr_wall_s = models.BigIntegerField(default=0)
    res_business_s = models.BigIntegerField(default=0)
    res_wall_s = models.BigIntegerField(default=0)
    fr_met = models.PositiveIntegerField(default=0)
    fr_breached = models.PositiveIntegerField(default=0)
    res_met = models.PositiveIntegerField(default=0)
    res_breached = models.PositiveIntegerField(default=0)
    out_of_scope = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


DIMENSIONS = ("department_id", "channel", "category_id", "priority")
COUNTERS = tuple(f.name for f in TicketStats._meta.local_fields if f.name not in DIMENSIONS)
HISTOGRAM_FIELDS = tuple(name for prefix in buckets.HISTOGRAMS for name in buckets.columns(prefix))


def _add_histograms(model: type[models.Model]) -> None:
    for name in HISTOGRAM_FIELDS:
        model.add_to_class(name, models.PositiveIntegerField(default=0))


class DailyTicketStats(TicketStats):
    """Tickets per day x department x channel x category x priority: what the report pages sum.

    A ticket counts as opened on its creation day, as first-responded on the day of its
    first public agent reply, and as resolved on the day it was resolved (or closed); SLA
    outcomes count on the day of the response or resolution they judge. Durations are sums
    (for means) and histograms (``buckets``: for p50/p90 over any selection).
    """

    day = models.DateField()

    class Meta:
        constraints = [
            # Also the pages' index: WHERE day BETWEEN ? AND ? [AND department_id IN (…)] GROUP BY …
            models.UniqueConstraint(
                fields=["day", "department_id", "channel", "category_id", "priority"], name="daily_ticket_stats_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} d{self.department_id} {self.channel} c{self.category_id} p{self.priority}"


class MonthlyTicketStats(TicketStats):
    """The same rows summed per calendar month (``month``: its first day), re-summed from the daily rows
    whenever one of its days is.

    A year of a million-ticket desk is about 100,000 daily rows but 3,500 monthly ones: a page
    over a long period reads whole months here and only the days at its edges from the daily
    table (``queries.ticket_stats``), so its cost stays that of about two months of days.
    """

    month = models.DateField()

    class Meta:
        constraints = [
            # Also the pages' index: WHERE month BETWEEN ? AND ? …
            models.UniqueConstraint(
                fields=["month", "department_id", "channel", "category_id", "priority"],
                name="monthly_ticket_stats_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} d{self.department_id} {self.channel} c{self.category_id} p{self.priority}"


_add_histograms(DailyTicketStats)
_add_histograms(MonthlyTicketStats)


class DailyVolume(models.Model):
    """Tickets opened and resolved per day x department x channel: the day-by-day series of the pages.

    Summed from ``DailyTicketStats`` whenever a day is: a year's series then reads about twelve
    rows a day instead of every category x priority row with its histograms.
    """

    day = models.DateField()
    department_id = models.IntegerField()
    channel = models.CharField(max_length=8)
    opened = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            # Also the series' index: WHERE day BETWEEN ? AND ? GROUP BY day
            models.UniqueConstraint(fields=["day", "department_id", "channel"], name="daily_volume_once")
        ]

    def __str__(self) -> str:
        return f"{self.day} d{self.department_id} {self.channel}: {self.opened}/{self.resolved}"


class DailyAgentStats(models.Model):
    """Public replies per agent per day, by the ticket's department and channel."""

    day = models.DateField()
    agent_id = models.BigIntegerField()
    department_id = models.IntegerField()
    channel = models.CharField(max_length=8)
    replies = models.PositiveIntegerField(default=0)
    tickets = models.PositiveIntegerField(default=0)  # distinct tickets replied to that day
    first_responses = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            # Also the agents page's index: WHERE day BETWEEN ? AND ? GROUP BY agent_id
            models.UniqueConstraint(fields=["day", "agent_id", "department_id", "channel"], name="daily_agent_once")
        ]

    def __str__(self) -> str:
        return f"{self.day} agent {self.agent_id}"


class DailyBacklog(models.Model):
    """Active tickets at the end of a day (today: at the last snapshot), with their age buckets.

    ``assignee_id`` 0 is unassigned; the agents page reads the load per agent from here.
    """

    day = models.DateField()
    department_id = models.IntegerField()
    channel = models.CharField(max_length=8)
    priority = models.PositiveSmallIntegerField()
    assignee_id = models.BigIntegerField(default=0)
    open_tickets = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            # Also the backlog page's index: WHERE day BETWEEN ? AND ? / WHERE day = ?
            models.UniqueConstraint(
                fields=["day", "department_id", "channel", "priority", "assignee_id"], name="daily_backlog_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} d{self.department_id}: {self.open_tickets} open"


for _name in buckets.age_columns():
    DailyBacklog.add_to_class(_name, models.PositiveIntegerField(default=0))


class DailyCsat(models.Model):
    """Ratings per day (of the rating) x department x channel x agent (0: none named)."""

    day = models.DateField()
    department_id = models.IntegerField()
    channel = models.CharField(max_length=8)
    agent_id = models.BigIntegerField(default=0)
    good = models.PositiveIntegerField(default=0)
    okay = models.PositiveIntegerField(default=0)
    bad = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "department_id", "channel", "agent_id"], name="daily_csat_once")
        ]

    def __str__(self) -> str:
        return f"{self.day} d{self.department_id} agent {self.agent_id}"
