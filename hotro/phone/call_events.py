"""Calls logged by the PBX itself: a signed JSON event per call (ringing, answered, ended).

An ``ended`` event logs the call (answered, or missed); a call missed while the hotline is
closed gets an SMS with the hours and how to open a ticket (P7, P12). Events are stored
as received first, de-duplicated by their id, and failures go to the failed list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from hotro.accounts.services import get_or_create_contact_by_phone, normalise_phone
from hotro.core import inbound
from hotro.core.links import absolute_url
from hotro.core.outbound import queue_outbound
from hotro.core.outbound.context import Deferred
from hotro.hours.models import CalendarChannel
from hotro.hours.services import describe_availability
from hotro.phone.ingest import department_for
from hotro.phone.models import Call, CallEvent, CallOutcome

EVENTS = frozenset({"ringing", "answered", "ended"})


@dataclass(frozen=True)
class PostedEvent:
    provider_id: str
    event: str
    caller: str
    callee: str
    duration_seconds: int
    answered: bool
    raw: bytes


def store_event(posted: PostedEvent) -> tuple[CallEvent, bool]:
    """Keep the event as received (NUL characters dropped: PostgreSQL refuses them; the raw body keeps them)."""
    provider_id = posted.provider_id.replace("\x00", "")[:100]
    try:
        with transaction.atomic():
            return CallEvent.objects.create(
                provider_id=provider_id,
                event=posted.event,
                caller=posted.caller.replace("\x00", "")[:20],
                callee=posted.callee.replace("\x00", "")[:20],
                raw=posted.raw,
                size=len(posted.raw),
            ), True
    except IntegrityError:
        return CallEvent.objects.get(provider_id=provider_id), False


def _log(event: CallEvent, posted: PostedEvent) -> Call | None:
    if event.event != "ended":
        return None  # ringing and answered say nothing the ended event will not
    number = normalise_phone(event.caller)
    department = department_for(normalise_phone(event.callee) if event.callee else "")
    if department is None:
        raise LookupError("no active department owns the number called")
    contact = get_or_create_contact_by_phone(number)
    call = Call.objects.create(
        number=number,
        direction="in",
        department=department,
        duration_seconds=max(0, posted.duration_seconds),
        outcome=CallOutcome.ANSWERED if posted.answered else CallOutcome.MISSED,
        contact=contact,
    )
    if not posted.answered:
        available = describe_availability(department, CalendarChannel.HOTLINE)
        if not available.open:
            opening = available.next_opening
            queue_outbound(
                channel="sms",
                to=number,
                kind="phone/missed_call",
                context={
                    "department": department,
                    "opening": Deferred("hotro.hours.display:format_opening", (opening,)) if opening else None,
                    "new_ticket_url": absolute_url("portal:ticket_new"),
                },
                language=contact.language,
            )
    return call


def process_event(pk: int, *, retry: bool = False) -> CallEvent:
    """Process one stored event; never raises for a bad one (it is failed, with its error)."""
    return inbound.process_stored(CallEvent, pk, _apply, retry=retry)


def _apply(event: CallEvent) -> None:
    event.call = _log(event, parse_stored(event))


def parse_stored(event: CallEvent) -> PostedEvent:
    payload = json.loads(event.raw_bytes)
    return PostedEvent(
        provider_id=event.provider_id,
        event=event.event,
        caller=event.caller,
        callee=event.callee,
        duration_seconds=int(payload.get("duration") or 0),
        answered=bool(payload.get("answered")),
        raw=event.raw_bytes,
    )


def retry_event(pk: int) -> CallEvent:
    return process_event(pk, retry=True)
