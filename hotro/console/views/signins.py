"""The administrators' security pages: the sign-in audit trail (with the tickets' audit beside it, and
CSV export) and the staff's second factors, with the reset for a lost phone.

Administrators only (``sees_system_status``): other agents get a 403, customers the console's 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from hotro.accounts import two_factor
from hotro.accounts.models import Role, User
from hotro.accounts.staff import staff_role
from hotro.console.access import agent_required, sees_system_status, signed_in_agent
from hotro.console.sign_in_log import PAGE_SIZE, Log, SignInFilterForm, csv_lines, sign_ins, ticket_changes


def _administrator(request: HttpRequest) -> User:
    user = signed_in_agent(request)
    if not sees_system_status(user):
        raise PermissionDenied("Administrators only")
    return user


@never_cache
@require_GET
@agent_required
def sign_in_log(request: HttpRequest) -> HttpResponseBase:
    _administrator(request)
    form = SignInFilterForm(request.GET)
    if not form.is_valid():
        context = {"section": "security", "form": form, "log": Log.SIGN_INS, "page": None}
        return render(request, "console/sign_ins.html", context, status=400)
    filters = form.cleaned_data
    log = filters["log"]
    rows = ticket_changes(filters) if log == Log.TICKETS else sign_ins(filters)
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(csv_lines(log, rows), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="hotro-{log}-{stamp}.csv"'
        return response
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"section": "security", "form": form, "log": log, "page": page, "query": query.urlencode()}
    return render(request, "console/sign_ins.html", context)


@never_cache
@require_GET
@agent_required
def staff_second_factors(request: HttpRequest) -> HttpResponse:
    """Every staff account, whether its role requires a second factor and whether it has one."""
    _administrator(request)
    staff = list(
        User.objects.filter(Q(agent__isnull=False) | Q(is_staff=True) | Q(is_superuser=True))
        .select_related("agent")
        .order_by("email")
    )
    enrolled = two_factor.enrolled_user_ids([user.pk for user in staff])
    rows = [
        {
            "user": user,
            "role": Role(role).label,
            "required": two_factor.is_required(user),
            "enrolled": user.pk in enrolled,
        }
        for user in staff
        if (role := staff_role(user)) is not None
    ]
    return render(request, "console/staff_two_factor.html", {"section": "security", "rows": rows})


@require_POST
@agent_required
def reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    """A lost phone: forget the authenticator and recovery codes, end the account's sessions (audited)."""
    admin = _administrator(request)
    user = get_object_or_404(User, pk=pk)
    two_factor.reset_second_factor(user, by=admin, request=request)
    messages.success(
        request,
        _(
            "The second factor of %(name)s is reset and their sessions have ended; they set up a new one at "
            "their next sign-in."
        )
        % {"name": user.display_name},
    )
    if user.pk == admin.pk:
        return redirect("accounts:login")  # their own sessions ended too, this one included
    return redirect("console:staff_second_factors")
