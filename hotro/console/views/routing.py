"""Automatic assignment settings: each department's mode and its agents' capacities.

For administrators (every department) and supervisors (the departments they supervise);
other agents get a 403. A thin adapter over ``hotro.routing.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.console.access import agent_required, signed_in_agent, supervised_department_ids
from hotro.console.reply_forms import RoutingForm
from hotro.desk.models import Department
from hotro.routing import services as routing


@agent_required
def routing_page(request: HttpRequest) -> HttpResponse:
    agent = signed_in_agent(request)
    allowed = supervised_department_ids(agent)
    rows = Department.objects.filter(active=True).order_by("rank", "slug")
    departments = list(rows if allowed is None else rows.filter(pk__in=allowed))
    if not departments:
        raise PermissionDenied("Only supervisors and administrators set automatic assignment")
    agents = list(
        User.objects.filter(agent__active=True, agent__membership__department__in=departments)
        .distinct()
        .order_by("full_name", "email")
    )
    form = RoutingForm(
        request.POST or None,
        departments=departments,
        modes=routing.modes_by_department(),
        agents=agents,
        capacities=routing.capacities([a.pk for a in agents]),
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for department in departments:
                    routing.set_mode(department, form.cleaned_data[f"mode_{department.pk}"])
                for user in agents:
                    routing.set_capacity(user, form.cleaned_data[f"cap_{user.pk}"])
        except routing.RoutingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Automatic assignment saved."))
            return redirect("console:routing")
    status = 400 if request.method == "POST" else 200
    return render(request, "console/routing.html", {"section": "routing", "form": form}, status=status)
