"""Secrets spotted in ordinary messages: flagging them as they arrive, and moving them into the vault.

Flagging runs inside the desk's transaction (a receiver of its events) and writes one small row with
offsets only. Moving is an agent's action: the values are encrypted into the vault and the message is
redacted by the desk (``redact_message``: its text, HTML part, the subject and the search documents),
all in one transaction with the audit events.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.desk.models import AuthorKind, Message, Ticket
from hotro.desk.services import DeskError, agent_can_work_in, is_agent, record_audit, redact_message
from hotro.vault import crypto
from hotro.vault.detection import find_secrets
from hotro.vault.errors import VaultError
from hotro.vault.models import Detection, DetectionStatus, Origin, Secret


def flag_message(message: Message) -> Detection | None:
    """A ``Detection`` row when ``message`` looks like it carries secrets; the system's own notes are not read."""
    if message.author_kind == AuthorKind.SYSTEM:
        return None
    findings = find_secrets(message.body_text)
    if not findings:
        return None
    return Detection.objects.create(
        message=message,
        ticket_id=message.ticket_id,
        kinds=sorted({f.kind for f in findings}),
        spans=[[f.start, f.end] for f in findings],
    )


def move_to_vault(ticket: Ticket, message_pk: int, agent: User) -> list[Secret]:
    """Move what was spotted in message ``message_pk`` of ``ticket`` into the vault, and redact the message.

    The message is read again under lock and searched again, so the offsets match its text as it is.
    """
    if not is_agent(agent) or not agent_can_work_in(agent, ticket.department):
        raise VaultError(_("Only agents of this ticket's department may do this."), code="forbidden")
    with transaction.atomic():
        detection = (
            Detection.objects.select_for_update()
            .select_related("message")
            .filter(ticket=ticket, message_id=message_pk, status=DetectionStatus.OPEN)
            .first()
        )
        if detection is None:
            raise VaultError(_("Nothing in this message is waiting to be moved to the vault."), code="not_found")
        message = detection.message
        findings = find_secrets(message.body_text)
        if not findings:
            raise VaultError(_("No secret was found in this message any more."), code="not_found")
        values = [(f.kind, message.body_text[f.start : f.end]) for f in findings]
        sealed = [(kind, crypto.encrypt(value)) for kind, value in values]  # no key: refused before any write
        try:
            redact_message(message, [(f.start, f.end) for f in findings], agent, reason="vault")
        except DeskError as error:
            raise VaultError(error.message, code=error.code) from None
        secrets = [
            Secret.objects.create(
                ticket=ticket, message=message, origin=Origin.MOVED, kind=kind, ciphertext=token, added_by_user=agent
            )
            for kind, token in sealed
        ]
        detection.status = DetectionStatus.MOVED
        detection.resolved_at = timezone.now()
        detection.resolved_by = agent
        detection.save(update_fields=["status", "resolved_at", "resolved_by"])
        record_audit(
            "vault.secret.moved",
            ticket,
            agent,
            message=message.pk,
            secrets=[s.pk for s in secrets],
            kinds=sorted({kind for kind, _token in sealed}),
        )
    return secrets
