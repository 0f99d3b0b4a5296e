"""What the administrators' security page reads: the sign-in audit trail, and beside it the tickets' audit,
filtered by account, event and day, a page at a time or whole as CSV.

Parsing the filters and building the queries live here; the views (``hotro.console.views.signins``)
only check who asks and render.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotro.accounts.models import SignInEvent, SignInEventKind
from hotro.core.forms import DayField
from hotro.desk.models import AuditEvent

PAGE_SIZE = 50
CSV_MAX_ROWS = 50_000  # a CSV of more than this is cut: narrow the filters


class Log:
    SIGN_INS = "sign-ins"
    TICKETS = "tickets"


class SignInFilterForm(forms.Form):
    log = forms.ChoiceField(
        label=_("Log"),
        required=False,
        choices=[(Log.SIGN_INS, _("Sign-ins")), (Log.TICKETS, _("Ticket changes"))],
    )
    user = forms.CharField(label=_("Account"), required=False, max_length=254)
    event = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("Any event")), *SignInEventKind.choices]
    )
    since = DayField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = DayField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        data["log"] = data.get("log") or Log.SIGN_INS
        return data


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight of ``day`` where the reader is (their time zone is the current one)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def sign_ins(filters: dict[str, Any]) -> QuerySet[SignInEvent]:
    rows = SignInEvent.objects.select_related("user", "actor").order_by("-created_at", "-id")
    if filters.get("user"):
        rows = rows.filter(username__icontains=filters["user"].strip())
    if filters.get("event"):
        rows = rows.filter(event=filters["event"])
    if filters.get("since"):
        rows = rows.filter(created_at__gte=_day_start(filters["since"]))
    if filters.get("until"):
        rows = rows.filter(created_at__lt=_day_start(filters["until"] + dt.timedelta(days=1)))
    return rows


def ticket_changes(filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    rows = AuditEvent.objects.select_related("ticket", "actor_user").order_by("-created_at", "-id")
    if filters.get("user"):
        rows = rows.filter(actor_user__email__icontains=filters["user"].strip())
    if filters.get("since"):
        rows = rows.filter(created_at__gte=_day_start(filters["since"]))
    if filters.get("until"):
        rows = rows.filter(created_at__lt=_day_start(filters["until"] + dt.timedelta(days=1)))
    return rows


def _cell(value: object) -> str:
    """A spreadsheet must not run what a visitor typed (a browser name of ``=HYPERLINK(...)``)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def csv_lines(log: str, rows: QuerySet[Any]) -> Iterator[str]:
    """The filtered log as CSV text, line by line (streamed: it may be long)."""

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    table: Iterable[list[object]]
    if log == Log.TICKETS:
        yield writer.writerow(["time", "ticket", "action", "actor"])
        table = (
            [
                _when(e.created_at),
                e.ticket.number if e.ticket else "",
                e.action,
                e.actor_user.email if e.actor_user else "",
            ]
            for e in rows[:CSV_MAX_ROWS].iterator(chunk_size=1000)
        )
    else:
        yield writer.writerow(["time", "event", "account", "user_id", "ip_address", "user_agent", "by"])
        table = (
            [
                _when(e.created_at),
                e.event,
                e.username,
                e.user_id or "",
                e.ip_address or "",
                e.user_agent,
                e.actor.email if e.actor else "",
            ]
            for e in rows[:CSV_MAX_ROWS].iterator(chunk_size=1000)
        )
    for row in table:
        yield writer.writerow([_cell(value) for value in row])
