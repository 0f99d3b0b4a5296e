"""``{% load sla_promise %}{% first_answer_promise ticket as promise %}``: the acknowledgement's and the
customer's ticket page's "we will reply by …" sentence, in the language the page or mail is rendered in."""

from __future__ import annotations

from django import template

from hotro.desk.models import Ticket
from hotro.sla.promise import first_answer_promise as _promise

register = template.Library()


@register.simple_tag
def first_answer_promise(ticket: Ticket) -> str:
    return _promise(ticket)
