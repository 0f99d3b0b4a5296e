"""Merging two tickets about one problem (the customer wrote twice, or by two channels) into one.

Decisions, so every channel behaves the same:

- ``merge_tickets(source, target)`` *moves* every message of ``source`` (with its attachments) to
  ``target``: a message belongs to one thread, and replies to old emails thread into the survivor by
  their Message-IDs. Nothing is copied, nothing is deleted: the number of messages is kept.
- ``source`` is closed (status ``closed``, reason ``merged``) and ``merged_into`` points at ``target``;
  its audit trail stays on it, and both tickets get a merge event. Its number, guest links and portal
  page lead to ``target`` (``follow_merged``, ``merged_target_for``).
- ``source``'s customers (requester and CCs) follow ``target``: they are copied on it, and told once,
  in their own language, by the notification the ``ticket_merged`` event causes (the closing of
  ``source`` sends no mail of its own).
- Refused: a ticket into itself; from or into a merged ticket (no chains: tickets already merged into
  ``source`` are pointed at ``target``); into a resolved or closed ticket (reopen it first, so a live
  request never lands in a finished one); a ticket of a department the agent does not work in; and
  tickets of two different requesters unless the agent confirms (``other_requester=True``): the other
  requester then reads the whole merged thread.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact, User
from hotro.desk import events, search
from hotro.desk.errors import DeskError
from hotro.desk.models import Attachment, Message, Status, Ticket
from hotro.desk.services.access import contact_can_see
from hotro.desk.services.audit import record
from hotro.desk.services.rules import require_agent
from hotro.desk.services.status import apply_status


def _lock_pair(first: Ticket, second: Ticket) -> tuple[Ticket, Ticket]:
    """Both rows under lock, in id order so two merges of the same pair cannot deadlock."""
    rows = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("department", "requester", "assignee")
        .filter(pk__in=[first.pk, second.pk])
        .order_by("pk")
    )
    found = {ticket.pk: ticket for ticket in rows}
    if first.pk not in found or second.pk not in found:
        raise DeskError(_("This ticket no longer exists."), code="gone")
    return found[first.pk], found[second.pk]


def check_merge(source: Ticket, target: Ticket, agent: User, *, other_requester: bool) -> None:
    """Every refusal of ``merge_tickets``, on the tickets as they are; callers hold the locks."""
    require_agent(source, agent)
    require_agent(target, agent)
    if source.merged_into_id is not None:
        raise DeskError(
            _("%(number)s has already been merged into another ticket.") % {"number": source.number},
            code="already_merged",
        )
    if target.merged_into_id is not None:
        raise DeskError(
            _("%(number)s was merged into another ticket; merge into that one instead.") % {"number": target.number},
            field="target",
            code="chain",
        )
    if not target.is_active:
        raise DeskError(
            _("%(number)s is resolved or closed; reopen it before merging into it.") % {"number": target.number},
            field="target",
            code="inactive",
        )
    if source.requester_id != target.requester_id and not other_requester:
        raise DeskError(
            _(
                "%(source)s and %(target)s have different requesters; confirm that %(name)s may read "
                "the whole merged conversation."
            )
            % {"source": source.number, "target": target.number, "name": source.requester.display_name},
            field="other_requester",
            code="other_requester",
        )


def merge_tickets(source: Ticket, target: Ticket, agent: User, *, other_requester: bool = False) -> Ticket:
    """``source`` merged into ``target`` (see the module's decisions); returns ``target`` as it is now."""
    if source.pk == target.pk:
        raise DeskError(_("A ticket cannot be merged into itself."), field="target", code="same")
    with transaction.atomic():
        source, target = _lock_pair(source, target)
        check_merge(source, target, agent, other_requester=other_requester)
        moved = Message.objects.filter(ticket=source).update(ticket=target)
        Attachment.objects.filter(ticket=source).update(ticket=target)
        followers = _copy_followers(source, target)
        # No chains: whatever was merged into ``source`` now leads straight to ``target``.
        Ticket.objects.filter(merged_into=source).update(merged_into=target)
        source.merged_into = target
        source.save(update_fields=["merged_into", "updated_at"])
        apply_status(source, Status.CLOSED, agent, reason="merged")
        record("desk.ticket.merged_into", source, agent, into=target.pk, number=target.number, messages=moved)
        record(
            "desk.ticket.merged",
            target,
            agent,
            merged=source.pk,
            number=source.number,
            messages=moved,
            ccs_added=followers,
        )
        _keep_latest_activity(source, target)
        search.rebuild([source.pk, target.pk])
        events.ticket_merged.send(sender=Ticket, ticket=target, actor=agent, merged=source, moved=moved)
    return target


def _copy_followers(source: Ticket, target: Ticket) -> list[int]:
    """``source``'s requester and CCs are copied on ``target`` (they wrote part of its thread); their ids."""
    people = {source.requester_id, *source.ccs.values_list("pk", flat=True)}
    people -= {target.requester_id, *target.ccs.values_list("pk", flat=True)}
    if people:
        target.ccs.add(*sorted(people))
    return sorted(people)


def _keep_latest_activity(source: Ticket, target: Ticket) -> None:
    """The survivor's last customer and agent activity are the later of the two (lists sort on them)."""
    fields = ["updated_at"]
    for name in ("last_customer_activity_at", "last_agent_activity_at"):
        theirs, ours = getattr(source, name), getattr(target, name)
        if theirs is not None and (ours is None or theirs > ours):
            setattr(target, name, theirs)
            fields.append(name)
    target.save(update_fields=fields)


def follow_merged(ticket: Ticket) -> Ticket:
    """The ticket itself, or the one it was merged into (one step: merges never chain)."""
    if ticket.merged_into_id is None:
        return ticket
    return Ticket.objects.select_related("department", "category", "requester", "assignee").get(
        pk=ticket.merged_into_id
    )


def merged_target_for(ticket: Ticket, contact: Contact) -> Ticket | None:
    """Where a customer following a merged ticket goes: the survivor, if they may read it; else ``None``."""
    if ticket.merged_into_id is None:
        return None
    target = follow_merged(ticket)
    return target if contact_can_see(contact, target) else None
