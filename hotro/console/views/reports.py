"""Report pages for supervisors and administrators: the rollups as charts and tables, and CSV.

Thin: the reader's rights come from ``console.access`` (role) and the desk's membership
rule (departments), the filters are validated by ``reports.filters``, the numbers come
from ``reports.pages``. Bad filters answer 400 with the form's errors; an agent who is
neither supervisor nor administrator gets 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hotro.console.access import agent_required, report_departments, sees_reports, signed_in_agent
from hotro.reports import pages
from hotro.reports.facts import local_day
from hotro.reports.filters import ReportFilterForm
from hotro.reports.tables import find, write_csv


@require_GET
@agent_required
def report_page(request: HttpRequest, page: str = "overview") -> HttpResponse:
    reader = signed_in_agent(request)
    if not sees_reports(reader):
        raise PermissionDenied("Reports are for supervisors and administrators")
    if page not in pages.PAGES:
        raise Http404("No such report")
    departments, everything = report_departments(reader)
    form = ReportFilterForm(
        request.GET, departments=departments, today=local_day(timezone.now()), everything=everything
    )
    context = {"section": "reports", "page_name": page, "menu": pages.PAGES, "form": form}
    if not form.is_valid():
        return render(request, "console/reports/page.html", context, status=400)
    result = pages.build(page, form.selection(), form.cleaned_data["grain"])
    if request.GET.get("format") == "csv":
        return _csv(result, request.GET.get("table", ""), form)
    context |= {"report": result, "start": form.cleaned_data["start"], "end": form.cleaned_data["end"]}
    return render(request, "console/reports/page.html", context)


def _csv(result: pages.Page, key: str, form: ReportFilterForm) -> HttpResponse:
    table = find(result.tables, key) if key else result.tables[0]
    if table is None:
        return HttpResponseBadRequest("Unknown table", content_type="text/plain; charset=utf-8")
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    # A byte-order mark: spreadsheets then read Vietnamese names as UTF-8.
    response = HttpResponse("\ufeff" + write_csv(table), content_type="text/csv; charset=utf-8")
    filename = f"hotro-{result.name}-{table.key}-{start:%Y%m%d}-{end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
