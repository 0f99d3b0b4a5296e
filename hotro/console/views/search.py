"""Ticket search for agents: words, phrases, numbers, people, plus filters (``hotro.desk.search``)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from hotro.console import choices, queues
from hotro.console.access import HtmxRequest, agent_required, signed_in_agent
from hotro.console.forms import SearchForm
from hotro.console.rows import RowContext
from hotro.console.views.bulk import bulk_form
from hotro.core import finders
from hotro.desk import search
from hotro.desk.services import agent_department_ids, tickets_for_agent


@agent_required
def search_page(request: HtmxRequest) -> HttpResponse:
    agent = signed_in_agent(request)
    departments = queues.departments_for(agent)
    form = SearchForm(
        request.GET, departments=departments, agents=choices.agents_in(frozenset(d.pk for d in departments))
    )
    values = form.valid_values()
    query = search.parse_query(values.get("q", ""))
    filters = search.Filters(
        department=form.departments.get(values.get("department", "")),
        status=values.get("status", ""),
        channel=values.get("channel", ""),
        assignee=values.get("assignee", ""),
        created_from=values.get("from"),
        created_to=values.get("to"),
    )
    tickets = search.narrow(tickets_for_agent(agent), filters, agent)
    if values.get("q"):
        tickets = search.matching(tickets, query, include_notes=True)
        empty_text = (
            _("Type at least one letter or digit to search.") if query.is_empty else _("No ticket matches this search.")
        )
    elif filters == search.Filters():
        tickets = tickets.none()  # nothing asked yet: an empty page, not every ticket
        empty_text = _('Search by words, a "quoted phrase", a ticket number, or a customer\'s name, email or phone.')
    else:
        empty_text = _("No ticket matches these filters.")
    tickets = search.latest_activity_first(queues.row_columns(tickets))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "section": "search",
        "title": _("Search"),
        "form": form,
        "query_string": params.urlencode(),
        "page": queues.page_of(tickets, queues.parse_page(request.GET.get("page"))),
        "row_context": RowContext.from_request(request),
        "bulk_form": bulk_form(request),  # the action bar and the rows' checkboxes
        "empty_text": empty_text,
        # Chats and other records apps make searchable (hotro.core.finders), for the same words.
        "elsewhere": finders.find_all(values["q"], agent_department_ids(agent)) if values.get("q") else [],
    }
    fragment = request.htmx and not request.htmx.history_restore_request and request.htmx.target == "queue-list"
    response = render(request, "console/_search_fragment.html" if fragment else "console/search.html", context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response
