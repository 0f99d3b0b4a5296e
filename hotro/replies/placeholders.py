"""``{{ name }}`` substitution in user-written text: a fixed list of names, nothing else.

Canned responses are written by agents, so they are never handed to Django's template
engine (which would give them tags, filters and attribute look-ups on whatever the context
holds). Here a placeholder is a name from ``PLACEHOLDERS`` between double braces; its value
is inserted as plain text, once: a value that itself looks like ``{{ … }}`` (a customer
named ``{{ agent_name }}``) is not expanded again. Unknown names are refused when a
response is saved (``unknown_placeholders``), so rendering never meets one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

# The names an agent may use, with what each becomes (shown on the editing page).
PLACEHOLDERS = {
    "customer_name": _("the customer's name"),
    "ticket_number": _("the ticket's number, e.g. CM-000123"),
    "department_hours": _("the department's hours for tickets, in the customer's language"),
    "agent_name": _("your name"),
    "service_hostname": _("the hostname of the service the ticket is about (empty when none)"),
}

# Anything between double braces counts as an attempt at a placeholder, so a typo is caught.
_PLACEHOLDER_RE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def unknown_placeholders(text: str) -> list[str]:
    """The placeholder names in ``text`` that are not in ``PLACEHOLDERS``, in order of appearance, once each."""
    found: list[str] = []
    for match in _PLACEHOLDER_RE.finditer(text):
        name = match.group(1)
        if name not in PLACEHOLDERS and name not in found:
            found.append(name)
    return found


def substitute(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each known ``{{ name }}`` replaced by ``values[name]`` (missing values: empty).

    One pass with ``re.sub``: inserted values are never scanned again. Unknown names stay as typed.
    """

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in PLACEHOLDERS:
            return match.group(0)
        return values.get(name, "")

    return _PLACEHOLDER_RE.sub(value, text)
