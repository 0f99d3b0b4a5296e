from __future__ import annotations

from typing import Any

from hotro.accounts.models import Contact, User
from hotro.desk.models import AuditEvent, Ticket

Actor = User | Contact | None


def record(action: str, ticket: Ticket | None, actor: Actor, **data: Any) -> AuditEvent:
    """Write one audit event; ``data`` holds before/after values, JSON-safe."""
    return AuditEvent.objects.create(
        ticket=ticket,
        action=action,
        actor_user=actor if isinstance(actor, User) else None,
        actor_contact=actor if isinstance(actor, Contact) else None,
        data=data,
    )
