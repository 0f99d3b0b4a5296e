"""Canned responses, macros and signatures in the console: their pages, the reply box's search, applying a macro.

Thin adapters over ``hotro.replies.services``. Who may manage what is decided here from the console's
roles (``hotro.console.access``): personal responses by their owner only, a department's responses and
macros by its supervisors and administrators. What one may not see is a 404; what one sees but may not
change is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hotro.accounts.models import User
from hotro.console.access import agent_required, signed_in_agent, supervised_department_ids, supervises
from hotro.console.reply_forms import MacroForm, ResponseForm, SignatureForm, placeholder_help
from hotro.console.views.ticket import ticket_context
from hotro.core.forms import add_service_error
from hotro.desk import services as desk
from hotro.desk.models import Department
from hotro.replies import services as replies
from hotro.replies.models import CannedResponse, Macro


def _supervised(agent: User) -> list[Department]:
    """The departments whose shared responses and macros this agent keeps, in serving order."""
    allowed = supervised_department_ids(agent)
    rows = Department.objects.filter(active=True).order_by("rank", "slug")
    return list(rows if allowed is None else rows.filter(pk__in=allowed))


def _visible_response(agent: User, pk: int) -> CannedResponse:
    """A response the agent can see (their own or one of their departments'); others are a 404."""
    return get_object_or_404(replies.visible_responses(agent), pk=pk)


def _managed_response(agent: User, pk: int) -> CannedResponse:
    response = _visible_response(agent, pk)
    if response.owner_id is not None:
        if response.owner_id != agent.pk:
            raise Http404("Not yours")  # visible_responses never lists another agent's; kept for clarity
        return response
    assert response.department_id is not None
    if not supervises(agent, response.department_id):
        raise PermissionDenied("Only the department's supervisors change its responses")
    return response


def _managed_macro(agent: User, pk: int) -> Macro:
    macro = get_object_or_404(Macro.objects.select_related("department"), pk=pk)
    if not desk.agent_can_work_in(agent, macro.department):
        raise Http404("Another department's macro")
    if not supervises(agent, macro.department_id):
        raise PermissionDenied("Only the department's supervisors change its macros")
    return macro


@agent_required
@require_safe
def response_list(request: HttpRequest) -> HttpResponse:
    agent = signed_in_agent(request)
    allowed = desk.agent_department_ids(agent)
    responses = list(replies.visible_responses(agent).order_by("department__rank", "title", "pk"))
    macros = Macro.objects.select_related("department", "response").order_by("department__rank", "name")
    if allowed is not None:
        macros = macros.filter(department_id__in=allowed)
    managed = supervised_department_ids(agent)
    context = {
        "section": "replies",
        "personal": [r for r in responses if r.owner_id == agent.pk],
        "shared": [r for r in responses if r.department_id is not None],
        "macros": list(macros),
        "managed_ids": managed,
        "manages_all": managed is None,
        "may_add_macro": managed is None or bool(managed),
        "placeholder_help": placeholder_help(),
    }
    return render(request, "console/replies/list.html", context)


def _response_form_page(request: HttpRequest, response: CannedResponse | None) -> HttpResponse:
    agent = signed_in_agent(request)
    departments = _supervised(agent)
    if response is not None and response.department is not None and response.department not in departments:
        departments = [*departments, response.department]  # an inactive department's response stays editable
    initial = {}
    if response is not None:
        initial = {
            "title": response.title,
            "scope": str(response.department_id) if response.department_id else "personal",
            "body_vi": response.body_vi,
            "body_en": response.body_en,
        }
    form = ResponseForm(request.POST or None, initial=initial, departments=departments)
    if request.method == "POST" and form.is_valid():
        department = form.department()
        data = form.cleaned_data
        try:
            replies.save_response(
                response,
                title=data["title"],
                body_vi=data["body_vi"],
                body_en=data["body_en"],
                department=department,
                owner=None if department is not None else agent,
            )
        except replies.RepliesError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Canned response saved."))
            return redirect("console:replies")
    status = 400 if request.method == "POST" else 200
    context = {"section": "replies", "form": form, "response": response}
    return render(request, "console/replies/response_form.html", context, status=status)


@agent_required
def response_new(request: HttpRequest) -> HttpResponse:
    return _response_form_page(request, None)


@agent_required
def response_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _response_form_page(request, _managed_response(signed_in_agent(request), pk))


@agent_required
@require_POST
def response_delete(request: HttpRequest, pk: int) -> HttpResponse:
    response = _managed_response(signed_in_agent(request), pk)
    response.delete()
    messages.success(request, _("Canned response deleted."))
    return redirect("console:replies")


def _macro_form_page(request: HttpRequest, macro: Macro | None) -> HttpResponse:
    agent = signed_in_agent(request)
    departments = _supervised(agent)
    if not departments:
        raise PermissionDenied("Only supervisors and administrators keep macros")
    initial = {}
    if macro is not None:
        initial = {
            "name": macro.name,
            "department": macro.department_id,
            "response": macro.response_id,
            "status": macro.status,
            "priority": macro.priority,
            "category": macro.category_id,
            "assign": macro.assign,
            "assignee": macro.assignee_id,
        }
    form = MacroForm(request.POST or None, initial=initial, departments=departments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            replies.save_macro(
                macro,
                department=data["department"],
                name=data["name"],
                response=data["response"],
                status=data["status"],
                priority=data["priority"],
                category=data["category"],
                assign=data["assign"],
                assignee=data["assignee"],
            )
        except replies.RepliesError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Macro saved."))
            return redirect("console:replies")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "console/replies/macro_form.html", {"section": "replies", "form": form, "macro": macro}, status=status
    )


@agent_required
def macro_new(request: HttpRequest) -> HttpResponse:
    return _macro_form_page(request, None)


@agent_required
def macro_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _macro_form_page(request, _managed_macro(signed_in_agent(request), pk))


@agent_required
@require_POST
def macro_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _managed_macro(signed_in_agent(request), pk).delete()
    messages.success(request, _("Macro deleted."))
    return redirect("console:replies")


@agent_required
def signatures(request: HttpRequest) -> HttpResponse:
    """The agent's signature in each department they work in (administrators: every active one)."""
    agent = signed_in_agent(request)
    allowed = desk.agent_department_ids(agent)
    rows = Department.objects.filter(active=True).order_by("rank", "slug")
    departments = list(rows if allowed is None else rows.filter(pk__in=allowed))
    form = SignatureForm(
        request.POST or None, departments=departments, initial_texts=replies.signatures_by_department(agent)
    )
    if request.method == "POST" and form.is_valid():
        try:
            for department, text in form.texts():
                replies.set_signature(agent, department, text)
        except replies.RepliesError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Signatures saved."))
            return redirect("console:signatures")
    status = 400 if request.method == "POST" else 200
    return render(request, "console/replies/signatures.html", {"section": "replies", "form": form}, status=status)


@agent_required
@require_safe
def search(request: HttpRequest, number: str) -> JsonResponse:
    """The reply box's list: the responses this agent may use on this ticket, matching ``q``, rendered for it."""
    agent = signed_in_agent(request)
    ticket = desk.access_ticket_as_agent(agent, number)
    query = request.GET.get("q", "")[:100]
    found = list(
        replies.usable_responses(agent, ticket.department, query).select_related("department")[: replies.SEARCH_LIMIT]
    )
    results = [
        {
            "id": response.pk,
            "title": response.title,
            "personal": response.owner_id is not None,
            "text": text,
        }
        for response, text in replies.render_responses(found, ticket, agent)
    ]
    return JsonResponse({"results": results})


@agent_required
@require_POST
def apply_macro(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Run a macro on the ticket (an agent of its department); a refused change leaves everything as it was."""
    agent = signed_in_agent(request)
    ticket = desk.access_ticket_as_agent(agent, number)
    macro = get_object_or_404(
        replies.usable_macros(agent, ticket.department).select_related("response", "category", "assignee"), pk=pk
    )
    try:
        replies.apply_macro(macro, ticket, agent)
    except (replies.RepliesError, desk.DeskError) as error:
        messages.error(request, str(error.message))
        ticket = desk.access_ticket_as_agent(agent, number)  # as it is: nothing of the macro was kept
        return render(request, "console/ticket.html", ticket_context(ticket), status=400)
    messages.success(request, _("Macro “%(name)s” applied.") % {"name": macro.name})
    return redirect("console:ticket", number=ticket.number)
