"""The first-answer promise customers read (P10, P12): "Chúng tôi sẽ phản hồi trước 10:30 Thứ Hai, 07/12".

Taken from the ticket's own first-response due time, which the SLA computed on the department's
calendar (so after hours it already lies in the next working hours, and in working hours it is the
priority's target), and written in Asia/Ho_Chi_Minh in the reader's language by
``hotro.hours.display.format_opening``, as the acknowledgement's other times are.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from hotro.desk.models import Ticket
from hotro.hours.display import format_opening


def first_answer_due(ticket: Ticket) -> datetime | None:
    """When the first answer is due, while one is still awaited on a running clock; else ``None``."""
    if ticket.first_response_at is not None or ticket.first_response_due_at is None:
        return None
    if not ticket.is_active or ticket.sla_paused_at is not None:
        return None  # resolved, closed or waiting on the customer: no promise to keep
    return ticket.first_response_due_at


def first_answer_promise(ticket: Ticket, language: str | None = None) -> str:
    """The sentence, in ``language`` (default: the active one); "" when there is nothing to promise."""
    due = first_answer_due(ticket)
    if due is None:
        return ""
    with translation.override(language or translation.get_language()):
        return _("We will reply by %(time)s.") % {"time": format_opening(due)}
