"""History sentences of working together: merges, splits, links and tags (``hotro.console.history``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hotro.desk.models import AuditEvent
from hotro.desk.services import link_label


def workflow_sentence(event: AuditEvent, actor: str) -> str | None:
    """The sentence for one of these events, or ``None`` for any other action."""
    data: dict[str, Any] = event.data or {}
    number = data.get("number", "?")
    match event.action:
        case "desk.ticket.merged":
            return _("%(actor)s merged %(number)s into this ticket (%(count)s messages moved here)") % {
                "actor": actor,
                "number": number,
                "count": data.get("messages", 0),
            }
        case "desk.ticket.merged_into":
            return _("%(actor)s merged this ticket into %(number)s") % {"actor": actor, "number": number}
        case "desk.ticket.split":
            return _("%(actor)s moved a message out of this ticket into %(number)s") % {
                "actor": actor,
                "number": number,
            }
        case "desk.ticket.split_from":
            return _("%(actor)s opened this ticket with a message split from %(number)s") % {
                "actor": actor,
                "number": number,
            }
        case "desk.ticket.linked":
            return _("%(actor)s linked this ticket: %(relation)s %(number)s") % {
                "actor": actor,
                "relation": link_label(data.get("kind", ""), side=data.get("side", "source")),
                "number": number,
            }
        case "desk.ticket.unlinked":
            return _("%(actor)s removed the link: %(relation)s %(number)s") % {
                "actor": actor,
                "relation": link_label(data.get("kind", ""), side=data.get("side", "source")),
                "number": number,
            }
        case "desk.ticket.tag_added":
            return _("%(actor)s added the tag %(tag)s") % {"actor": actor, "tag": data.get("tag", "?")}
        case "desk.ticket.tag_removed":
            return _("%(actor)s removed the tag %(tag)s") % {"actor": actor, "tag": data.get("tag", "?")}
    return None
