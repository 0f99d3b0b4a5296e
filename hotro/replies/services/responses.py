"""Who may use which canned response, and saving one (placeholders checked first)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.desk.models import Department
from hotro.desk.services import agent_can_work_in, agent_department_ids, is_agent
from hotro.replies.errors import RepliesError
from hotro.replies.models import CannedResponse
from hotro.replies.placeholders import PLACEHOLDERS, unknown_placeholders

SEARCH_LIMIT = 20


def check_placeholders(text: str, field: str) -> None:
    """Refuse a text naming a placeholder that does not exist, saying which and what may be used."""
    unknown = unknown_placeholders(text)
    if unknown:
        raise RepliesError(
            _("Unknown placeholder: %(names)s. Use only: %(known)s.")
            % {
                "names": ", ".join("{{ %s }}" % name for name in unknown),  # noqa: UP031 (braces)
                "known": ", ".join("{{ %s }}" % name for name in PLACEHOLDERS),  # noqa: UP031
            },
            field=field,
            code="unknown_placeholder",
        )


def visible_responses(agent: User) -> QuerySet[CannedResponse]:
    """The agent's own responses and those of every department they work in (administrators: all)."""
    if not is_agent(agent):
        return CannedResponse.objects.none()
    allowed = agent_department_ids(agent)
    shared = Q(department__isnull=False) if allowed is None else Q(department_id__in=allowed)
    return CannedResponse.objects.filter(Q(owner=agent) | shared).select_related("department")


def usable_responses(agent: User, department: Department, query: str = "") -> QuerySet[CannedResponse]:
    """What the agent may insert on a ticket of ``department``: their own and that department's shared ones.

    ``query`` narrows by words of the title or of either body (case-insensitive), for the reply box's search.
    """
    if not is_agent(agent) or not agent_can_work_in(agent, department):
        return CannedResponse.objects.none()
    rows = CannedResponse.objects.filter(Q(owner=agent) | Q(department=department))
    for word in query.split()[:5]:
        rows = rows.filter(Q(title__icontains=word) | Q(body_vi__icontains=word) | Q(body_en__icontains=word))
    return rows.order_by("title", "id")


def save_response(
    response: CannedResponse | None,
    *,
    title: str,
    body_vi: str,
    body_en: str,
    department: Department | None,
    owner: User | None,
) -> CannedResponse:
    """Create (``response`` None) or update a response; the caller has checked the agent may manage it.

    Exactly one of ``department`` (shared) and ``owner`` (personal) is given.
    """
    title = " ".join(title.split())
    if not title:
        raise RepliesError(_("The title is empty."), field="title", code="empty")
    if (department is None) == (owner is None):
        raise RepliesError(_("Choose a department, or keep the response for yourself."), field="department")
    if not body_vi.strip() or not body_en.strip():
        field = "body_vi" if not body_vi.strip() else "body_en"
        raise RepliesError(_("Write the text in Vietnamese and in English."), field=field, code="empty")
    check_placeholders(body_vi, "body_vi")
    check_placeholders(body_en, "body_en")
    response = response or CannedResponse()
    response.title = title[:120]
    response.body_vi = body_vi
    response.body_en = body_en
    response.department = department
    response.owner = owner
    response.save()
    return response
