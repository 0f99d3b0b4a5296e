"""The rows of the console's ticket lists, rendered in Python.

A queue page is 50 rows of ten cells; through the template engine (an include,
two ``{% url %}``, a dozen variable lookups, three filters and a tag per row)
that was more than half of the page's CPU time, and the agent's queue is the
page the desk lives on. The markup is made with ``hotro.core.html.html_format``,
which escapes every value on its way in (as the template did); the translated
words are looked up once per list, and the URLs are built from one ``reverse`` each.

A row needs no request: what it shows for the one reading it comes in a ``RowContext``
(built from the request by a view, or from the agent's id by whatever pushes a changed
row to an open page). Words, dates and times are those of the active language and
time zone: a push renders under ``translation.override``/``timezone.override`` of its reader.
``tests``: ``hotro/console/tests/test_rows.py`` pins the markup and the escaping.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hotro.console import choices
from hotro.core.dates import local_formatter
from hotro.core.html import html_format, html_join
from hotro.desk.models import Channel, Priority, Status, Ticket
from hotro.sla.display import DueBadges, format_span

_MARK = "TICKET-NUMBER"  # stands in for the number in a reversed URL; numbers are [A-Z]+-digits

_ROW = (
    '<tr id="ticket-{pk}" class="prio-row-{slug}">{select}\n'
    '  <td class="nowrap"><a href="{url}">{number}</a></td>\n'
    '  <td class="subject">\n    <a href="{url}">{subject}</a>\n'
    '    <div class="muted small">{who}</div>\n  </td>\n'
    "  <td>{department}</td>\n"
    '  <td><span class="badge prio-{slug}">{priority}</span></td>\n'
    '  <td><span class="badge status-{status}">{status_label}</span></td>\n'
    "  <td>{assignee}</td>\n"
    '  <td class="nowrap">{due}</td>\n'
    '  <td class="nowrap" title="{created}">{age}</td>\n'
    "  <td>{channel}</td>{claim}\n</tr>\n"
)
_CATEGORY = '{department}<div class="muted small">{category}</div>'
# The bulk actions' checkbox (hotro/console/templates/console/workflow/_list_tools.html holds the form it belongs to).
_SELECT_CELL = (
    '\n  <td class="select"><input type="checkbox" name="tickets" value="{pk}" form="bulk-form"'
    ' class="bulk-pick" aria-label="{label}"></td>'
)
_NOBODY = html_format('<span class="muted">—</span>')
# The claim column's cells, whole: one ``html_format`` a row.
_CLAIM_CELL_EMPTY = html_format('\n  <td class="nowrap"></td>')
_CLAIM_CELL_CLAIMED = '\n  <td class="nowrap"><span class="claimed">{text}</span></td>'
_CLAIM_CELL_ERROR = '\n  <td class="nowrap"><span class="form-error small">{error}</span></td>'
_CLAIM_CELL_FORM = (
    '\n  <td class="nowrap"><form method="post" action="{url}" class="inline"\n'
    '            hx-post="{url}" hx-target="closest tr" hx-swap="outerHTML">\n        {tail}</td>'
)
_CLAIM_FORM_TAIL = (
    '<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
    '<input type="hidden" name="next" value="{next}">\n'
    '        <button class="btn small-btn">{claim}</button>\n      </form>'
)


@dataclass(frozen=True, slots=True)
class _Words:
    you: str
    claim: str
    claimed: SafeString  # the claim column's cell
    priorities: dict[int, str]
    statuses: dict[str, str]
    channels: dict[str, str]


@lru_cache(maxsize=16)
def _words(language: str | None) -> _Words:
    """The words of every row, translated once per language and process: a pushed row is one row, and
    translating its two dozen words again each time cost more than the row itself."""
    return _Words(
        you=_("You"),
        claim=_("Claim"),
        claimed=html_format(_CLAIM_CELL_CLAIMED, text=_("Claimed by you")),
        priorities={value: str(label) for value, label in Priority.choices},
        statuses={value: str(label) for value, label in Status.choices},
        channels={value: str(label) for value, label in Channel.choices},
    )


@dataclass(frozen=True, slots=True)
class RowContext:
    """Who reads the rows, and what their claim forms post back: all a row needs besides the ticket."""

    viewer_id: int  # the agent reading the list: their own tickets say "You"
    csrf_token: str  # for the claim forms
    next_path: str  # where a claim without htmx returns to

    @classmethod
    def from_request(cls, request: HttpRequest) -> RowContext:
        """The signed-in agent's context (the console's views are wrapped in ``agent_required``)."""
        if request.user.pk is None:
            raise PermissionDenied
        return cls(viewer_id=request.user.pk, csrf_token=get_token(request), next_path=request.get_full_path())


class RowRenderer:
    """What every row of one list shares: the reader, the URLs, the words, the CSRF field.

    A row reads only the ticket's own columns (``hotro.console.queues.ROW_FIELDS``) and its requester.
    """

    def __init__(self, context: RowContext, *, show_claim: bool, selectable: bool = False) -> None:
        self.viewer_id = context.viewer_id
        self.show_claim = show_claim
        self.selectable = selectable
        self.select_label = _("Select %(number)s") if selectable else ""
        self.ticket_url = reverse("console:ticket", args=[_MARK])
        self.now = timezone.now()
        self.zone = timezone.get_current_timezone()
        self.due_badges = DueBadges(self.now, self.zone)
        self.created_at = local_formatter("SHORT_DATETIME_FORMAT", self.zone)
        words = _words(get_language())
        self.you = words.you
        self.priorities = words.priorities
        self.statuses = words.statuses
        self.channels = words.channels
        # Labels by id from the per-process lists; a row whose department, category or assignee is
        # newer than them loads its own (a query, for a few seconds after the change at most).
        self.departments = {d.pk: d.label for d in choices.departments()}
        self.categories = {c.pk: c.label for c in choices.categories()}
        self.agent_names = choices.agent_names()
        if show_claim:
            self.claim_url = reverse("console:claim", args=[_MARK])
            self.claim_form_tail = html_format(
                _CLAIM_FORM_TAIL, token=context.csrf_token, next=context.next_path, claim=words.claim
            )
            self.claimed = words.claimed

    def _claim_cell(self, ticket: Ticket, *, claimed: bool, claim_error: str | None) -> SafeString:
        if claimed:
            return self.claimed
        if claim_error:
            return html_format(_CLAIM_CELL_ERROR, error=claim_error)
        if not ticket.assignee_id:
            return html_format(
                _CLAIM_CELL_FORM, url=self.claim_url.replace(_MARK, ticket.number), tail=self.claim_form_tail
            )
        return _CLAIM_CELL_EMPTY

    def _assignee(self, ticket: Ticket) -> str:
        if ticket.assignee_id is None:
            return _NOBODY
        if ticket.assignee_id == self.viewer_id:
            return self.you
        name = self.agent_names.get(ticket.assignee_id)
        if name is not None:
            return name
        assert ticket.assignee is not None  # assignee_id is set
        return ticket.assignee.display_name

    def row(self, ticket: Ticket, *, claimed: bool = False, claim_error: str | None = None) -> SafeString:
        number = ticket.number
        requester = ticket.requester
        department: str = self.departments.get(ticket.department_id) or ticket.department.label
        if ticket.category_id:
            category = self.categories.get(ticket.category_id)
            if not category:
                assert ticket.category is not None  # category_id is set
                category = ticket.category.label
            department = html_format(_CATEGORY, department=department, category=category)
        return html_format(
            _ROW,
            pk=ticket.pk,
            slug=ticket.priority_slug,
            url=self.ticket_url.replace(_MARK, number),
            number=number,
            subject=ticket.subject,
            who=f"{requester.display_name} · {requester.email}" if requester.name else requester.display_name,
            department=department,
            priority=self.priorities.get(ticket.priority, ticket.priority),
            status=ticket.status,
            status_label=self.statuses.get(ticket.status, ticket.status),
            assignee=self._assignee(ticket),
            due=self.due_badges.html(ticket),
            created=self.created_at(ticket.created_at),
            age=format_span(self.now - ticket.created_at),
            channel=self.channels.get(ticket.channel, ticket.channel),
            claim=self._claim_cell(ticket, claimed=claimed, claim_error=claim_error) if self.show_claim else "",
            select=html_format(_SELECT_CELL, pk=ticket.pk, label=self.select_label % {"number": number})
            if self.selectable
            else "",
        )

    def rows(self, tickets: Iterable[Ticket]) -> SafeString:
        return html_join(self.row(ticket) for ticket in tickets)


def ticket_rows(
    context: RowContext, tickets: Iterable[Ticket], *, show_claim: bool = False, selectable: bool = False
) -> SafeString:
    return RowRenderer(context, show_claim=show_claim, selectable=selectable).rows(tickets)


def claimed_row(context: RowContext, ticket: Ticket, *, claim_error: str | None) -> SafeString:
    """The row a claim swaps in (htmx): "Claimed by you", or why not."""
    return RowRenderer(context, show_claim=True).row(ticket, claimed=claim_error is None, claim_error=claim_error)
