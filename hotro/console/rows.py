"""The rows of the console's ticket lists, rendered in Python.

A queue page is 50 rows of ten cells; through the template engine (an include,
two ``{% url %}``, a dozen variable lookups, three filters and a tag per row)
that was more than half of the page's CPU time, and the agent's queue is the
page the desk lives on. Here every value is escaped exactly as the template did
(``html.escape`` with quotes, which is Django's ``escape``), the translated words
are looked up once per list, and the URLs are built from one ``reverse`` each.
``tests``: ``hotro/console/tests/test_rows.py`` pins the markup and the escaping.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from hotro.console import choices
from hotro.core.html import escape_text
from hotro.desk.models import Ticket
from hotro.sla.display import due_badge_html, format_span

_MARK = "TICKET-NUMBER"  # stands in for the number in a reversed URL; numbers are [A-Z]+-digits


_e = escape_text


class RowRenderer:
    """What every row of one list shares: the agent, the URLs, the words, the CSRF field."""

    def __init__(self, request: HttpRequest, *, show_claim: bool) -> None:
        self.user_id = request.user.pk
        self.show_claim = show_claim
        self.ticket_url = reverse("console:ticket", args=[_MARK])
        self.now = timezone.now()
        self.zone = timezone.get_current_timezone()
        self.you = _e(_("You"))
        # Labels by id from the per-process lists; a row whose department, category or assignee is
        # newer than them loads its own (a query, for a few seconds after the change at most).
        self.departments = {d.pk: _e(d.label) for d in choices.departments()}
        self.categories = {c.pk: _e(c.label) for c in choices.categories()}
        self.agent_names = choices.agent_names()
        if show_claim:
            self.claim_url = reverse("console:claim", args=[_MARK])
            self.claim_form_tail = (
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(get_token(request))}">'
                f'<input type="hidden" name="next" value="{_e(request.get_full_path())}">\n'
                f'        <button class="btn small-btn">{_e(_("Claim"))}</button>\n      </form>'
            )
            self.claimed_text = _e(_("Claimed by you"))

    def _claim_cell(self, ticket: Ticket, *, claimed: bool, claim_error: str | None) -> str:
        if claimed:
            inner = f'<span class="claimed">{self.claimed_text}</span>'
        elif claim_error:
            inner = f'<span class="form-error small">{_e(claim_error)}</span>'
        elif not ticket.assignee_id:
            url = self.claim_url.replace(_MARK, _e(ticket.number))
            inner = (
                f'<form method="post" action="{url}" class="inline"\n'
                f'            hx-post="{url}" hx-target="closest tr" hx-swap="outerHTML">\n        '
                f"{self.claim_form_tail}"
            )
        else:
            inner = ""
        return f'\n  <td class="nowrap">{inner}</td>'

    def row(self, ticket: Ticket, *, claimed: bool = False, claim_error: str | None = None) -> str:
        number = _e(ticket.number)
        url = self.ticket_url.replace(_MARK, number)
        requester = ticket.requester
        who = _e(requester.display_name) + (f" · {_e(requester.email)}" if requester.name else "")
        department = self.departments.get(ticket.department_id) or _e(ticket.department.label)
        if ticket.category_id:
            category = self.categories.get(ticket.category_id) or _e(ticket.category.label)
            department += f'<div class="muted small">{category}</div>'
        if ticket.assignee_id is None:
            assignee = '<span class="muted">—</span>'
        elif ticket.assignee_id == self.user_id:
            assignee = self.you
        else:
            name = self.agent_names.get(ticket.assignee_id)
            assignee = _e(name if name is not None else ticket.assignee.display_name)
        slug = ticket.priority_slug
        created = ticket.created_at
        claim = self._claim_cell(ticket, claimed=claimed, claim_error=claim_error) if self.show_claim else ""
        return (
            f'<tr id="ticket-{ticket.pk}" class="prio-row-{slug}">\n'
            f'  <td class="nowrap"><a href="{url}">{number}</a></td>\n'
            f'  <td class="subject">\n    <a href="{url}">{_e(ticket.subject)}</a>\n'
            f'    <div class="muted small">{who}</div>\n  </td>\n'
            f"  <td>{department}</td>\n"
            f'  <td><span class="badge prio-{slug}">{_e(ticket.priority_label)}</span></td>\n'
            f'  <td><span class="badge status-{_e(ticket.status)}">{_e(ticket.status_label)}</span></td>\n'
            f"  <td>{assignee}</td>\n"
            f'  <td class="nowrap">{due_badge_html(ticket, self.now, self.zone)}</td>\n'
            f'  <td class="nowrap" title="{created.astimezone(self.zone):%d/%m/%Y %H:%M}">'
            f"{_e(format_span(self.now - created))}</td>\n"
            f"  <td>{_e(ticket.channel_label)}</td>{claim}\n</tr>\n"
        )

    def rows(self, tickets: Iterable[Ticket]) -> SafeString:
        return mark_safe("".join(self.row(ticket) for ticket in tickets))  # noqa: S308 - every value is escaped


def ticket_rows(request: HttpRequest, tickets: Iterable[Ticket], *, show_claim: bool = False) -> SafeString:
    return RowRenderer(request, show_claim=show_claim).rows(tickets)


def claimed_row(request: HttpRequest, ticket: Ticket, *, claim_error: str | None) -> SafeString:
    """The row a claim swaps in (htmx): "Claimed by you", or why not."""
    row = RowRenderer(request, show_claim=True).row(ticket, claimed=claim_error is None, claim_error=claim_error)
    return mark_safe(row)  # noqa: S308 - every value is escaped
