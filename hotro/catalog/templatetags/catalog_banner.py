"""``{% incident_banner %}``: the portal's banner while an incident affects the visitor's services (or everyone).

Open incidents are kept per process (``open_incidents``), so a page with no incident asks nothing of
the database; with one, a signed-in customer's services are read once. Agents see incidents in the console.
"""

from __future__ import annotations

from typing import Any

from django import template

from hotro.accounts.models import Contact
from hotro.catalog.services import OpenIncident, incidents_affecting, open_incidents

register = template.Library()


def _visible(user: Any) -> list[OpenIncident]:
    found = open_incidents()
    if not found:
        return []
    if not getattr(user, "is_authenticated", False):
        return [i for i in found if i.is_global]
    if getattr(user, "is_agent", False):
        return []
    try:
        contact = user.contact
    except Contact.DoesNotExist:
        return [i for i in found if i.is_global]
    if contact is None:
        return [i for i in found if i.is_global]
    return incidents_affecting(contact)


@register.inclusion_tag("catalog/_incident_banner.html", takes_context=True)
def incident_banner(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    return {"incidents": _visible(getattr(request, "user", None)) if request is not None else []}
