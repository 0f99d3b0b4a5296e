"""Storing, listing and revealing secrets.

Who may read a secret:

- agents of the ticket's department (``hotro.desk.services.agent_can_work_in``), each reveal audited;
  an agent of another department is refused (403) even though the ticket number exists;
- the customer, only a secret an agent sent them in a public reply (they are its intended reader),
  each reveal audited. A customer never reads back a secret they sent themselves: they know it, and a
  guest link forwarded or a session left open must not hand it to someone else. They see that they
  sent one, masked, and until when it is kept.

A revealed value is returned to the adapter once; nothing here caches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact, User
from hotro.desk.models import AuthorKind, Message, Status, Ticket
from hotro.desk.services import agent_can_work_in, is_agent, record_audit
from hotro.vault import crypto
from hotro.vault.errors import VaultError
from hotro.vault.models import Detection, DetectionStatus, Origin, Secret

# A private key with its certificate chain fits; a pasted log file does not belong in the vault.
SECRET_MAX_CHARS = 10_000
MASK = "••••••"


def check_secret(value: str) -> str:
    """The secret as it will be stored, or ``VaultError`` naming the ``secret`` field: empty, too long, or
    no key to encrypt it with. Adapters call it before writing anything."""
    if not value or not value.strip():
        raise VaultError(_("The secret is empty."), field="secret", code="empty")
    if len(value) > SECRET_MAX_CHARS:
        raise VaultError(
            _("The secret is too long (at most %(max)s characters).") % {"max": SECRET_MAX_CHARS},
            field="secret",
            code="too_long",
        )
    if "\x00" in value:
        raise VaultError(_("The secret contains a character that cannot be stored."), field="secret", code="bad")
    crypto.cipher()  # no key: refused here, before the ticket or reply is written
    return value


def store_secret(ticket: Ticket, message: Message, value: str, author: User | Contact) -> Secret:
    """Keep ``value`` encrypted beside ``message``; called inside the transaction that wrote the message."""
    value = check_secret(value)
    if message.ticket_id != ticket.pk:
        raise VaultError(_("This message is not on this ticket."), code="bad_message")
    ciphertext = crypto.encrypt(value)
    with transaction.atomic():
        secret = Secret.objects.create(
            ticket=ticket,
            message=message,
            origin=Origin.FIELD,
            ciphertext=ciphertext,
            added_by_user=author if isinstance(author, User) else None,
            added_by_contact=author if isinstance(author, Contact) else None,
        )
        record_audit("vault.secret.stored", ticket, author, secret=secret.pk, message=message.pk)
    return secret


def destruction_date(ticket: Ticket) -> datetime | None:
    """When the ticket's secrets will be destroyed: ``HOTRO_VAULT_KEEP_DAYS`` after it closed; None while open."""
    if ticket.status != Status.CLOSED or ticket.closed_at is None:
        return None
    return ticket.closed_at + timedelta(days=settings.HOTRO_VAULT_KEEP_DAYS)


# --- Reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SecretRow:
    """A secret as a page lists it: never its value."""

    pk: int
    message_id: int | None
    origin: str
    kind: str
    added_by: str
    from_customer: bool
    internal: bool
    created_at: datetime
    destroyed_at: datetime | None


@dataclass(frozen=True)
class VaultPanel:
    """The console's view of a ticket's vault: its secrets and the messages that look like they hold one."""

    secrets: list[SecretRow]
    detections: list[Detection]
    destroy_on: datetime | None
    keep_days: int
    mask: str = MASK

    @property
    def marked_messages(self) -> dict[int, tuple[int, list[str]]]:
        """By message: (how many secrets came with it, kinds of secrets spotted in it and not yet moved)."""
        marks: dict[int, tuple[int, list[str]]] = {}
        for row in self.secrets:
            if row.message_id is not None and row.origin == Origin.FIELD:
                count, kinds = marks.get(row.message_id, (0, []))
                marks[row.message_id] = (count + 1, kinds)
        for detection in self.detections:
            count, _kinds = marks.get(detection.message_id, (0, []))
            marks[detection.message_id] = (count, list(detection.kinds))
        return marks


def _rows(secrets: list[Secret]) -> list[SecretRow]:
    return [
        SecretRow(
            pk=s.pk,
            message_id=s.message_id,
            origin=s.origin,
            kind=s.kind,
            added_by=(
                s.added_by_user.display_name
                if s.added_by_user is not None
                else s.added_by_contact.display_name
                if s.added_by_contact is not None
                else ""
            ),
            from_customer=s.added_by_contact_id is not None,
            internal=bool(s.message is not None and s.message.internal),
            created_at=s.created_at,
            destroyed_at=s.destroyed_at,
        )
        for s in secrets
    ]


def vault_panel(ticket: Ticket) -> VaultPanel:
    """Two queries: the ticket's secrets (with who added them) and its open detections."""
    secrets = list(
        Secret.objects.filter(ticket=ticket)
        .select_related("added_by_user", "added_by_contact", "message")
        .defer("ciphertext", "message__body_text", "message__body_html")
    )
    detections = list(Detection.objects.filter(ticket=ticket, status=DetectionStatus.OPEN))
    return VaultPanel(
        secrets=_rows(secrets),
        detections=detections,
        destroy_on=destruction_date(ticket),
        keep_days=settings.HOTRO_VAULT_KEEP_DAYS,
    )


def customer_secrets(ticket: Ticket) -> dict[int, list[SecretRow]]:
    """The secrets of the public messages, by message, for the customer's page (masked there)."""
    secrets = list(
        Secret.objects.filter(ticket=ticket, message__internal=False, origin=Origin.FIELD)
        .select_related("added_by_user", "added_by_contact", "message")
        .defer("ciphertext", "message__body_text", "message__body_html")
    )
    by_message: dict[int, list[SecretRow]] = {}
    for row in _rows(secrets):
        if row.message_id is not None:
            by_message.setdefault(row.message_id, []).append(row)
    return by_message


# --- Revealing -----------------------------------------------------------------------------------


def _secret_of(ticket_number: str, pk: int) -> Secret:
    ticket_pk = Ticket.pk_from_number(ticket_number)
    secret = (
        Secret.objects.select_related("ticket__department", "message").filter(pk=pk, ticket_id=ticket_pk).first()
        if ticket_pk is not None
        else None
    )
    if secret is None:
        raise VaultError(_("There is no such secret on this ticket."), code="not_found")
    return secret


def _open(secret: Secret) -> str:
    if secret.destroyed_at is not None:
        raise VaultError(_("This secret was destroyed."), code="destroyed")
    return crypto.decrypt(secret.ciphertext)


def reveal_to_agent(user: User, ticket_number: str, pk: int) -> tuple[Ticket, str]:
    """The secret's value for an agent of the ticket's department, with an audit event.

    ``VaultError`` codes: ``not_found`` (no such secret on that ticket), ``forbidden`` (not an agent of
    the ticket's department), ``destroyed``, ``no_key``/``undecryptable``.
    """
    secret = _secret_of(ticket_number, pk)
    ticket = secret.ticket
    if not is_agent(user) or not agent_can_work_in(user, ticket.department):
        raise VaultError(_("Only agents of this ticket's department may reveal its secrets."), code="forbidden")
    value = _open(secret)
    record_audit("vault.secret.revealed", ticket, user, secret=secret.pk)
    return ticket, value


def reveal_to_customer(ticket: Ticket, contact: Contact, pk: int) -> str:
    """The value of a secret an agent sent ``contact`` in a public reply on ``ticket`` (the caller has
    checked the contact may read the ticket), with an audit event; any other secret is ``not_found``."""
    secret = (
        Secret.objects.select_related("message")
        .filter(pk=pk, ticket=ticket, origin=Origin.FIELD, message__internal=False)
        .filter(message__author_kind=AuthorKind.AGENT)
        .first()
    )
    if secret is None:
        raise VaultError(_("There is no such secret on this ticket."), code="not_found")
    value = _open(secret)
    record_audit("vault.secret.revealed", ticket, contact, secret=secret.pk)
    return value
