"""Finding and creating people: contacts by any identity (email, phone, chat visitor), customer accounts, agents."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotro.accounts.models import (
    Agent,
    Contact,
    ContactIdentity,
    IdentityKind,
    Membership,
    Role,
    User,
    normalise_email,
)

if TYPE_CHECKING:
    from hotro.desk.models import Department


class AccountError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def normalise_phone(raw: str, region: str = "VN") -> str:
    """E.164 form (``096.929.75.79`` → ``+84969297579``); an unparseable number is an error."""
    if not raw.strip():
        return ""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise AccountError(_("This phone number is not valid."), field="phone") from None
    if not phonenumbers.is_valid_number(number):
        raise AccountError(_("This phone number is not valid."), field="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_email(address: str) -> str:
    address = normalise_email(address or "")
    try:
        validate_email(address)
    except ValidationError:
        raise AccountError(_("Enter a valid email address."), field="email") from None
    return address


def find_contact(kind: str, value: str) -> Contact | None:
    """The contact known by this identity (``value`` already normalised), or None."""
    if kind == IdentityKind.EMAIL:
        # Most senders are known by their preferred address: one look-up on the contact itself.
        contact = Contact.objects.filter(email=value).first()
        if contact is not None:
            return contact
    identity = ContactIdentity.objects.filter(kind=kind, value=value).select_related("contact").first()
    return identity.contact if identity is not None else None


def _fill_in(contact: Contact, **values: str) -> Contact:
    """Blank fields of an existing contact get these values; nothing is overwritten."""
    changed = [name for name, value in values.items() if value and not getattr(contact, name)]
    for name in changed:
        setattr(contact, name, values[name])
    if changed:
        contact.save(update_fields=changed)
    return contact


def _get_or_create(kind: str, value: str, fields: dict[str, str]) -> Contact:
    contact = find_contact(kind, value)
    if contact is None:
        try:
            with transaction.atomic():
                contact = Contact.objects.create(**fields)
                ContactIdentity.objects.create(contact=contact, kind=kind, value=value)
                if kind != IdentityKind.PHONE and fields.get("phone"):
                    _claim_identity(contact, IdentityKind.PHONE, fields["phone"])
                return contact
        except IntegrityError:  # created concurrently by another request
            contact = find_contact(kind, value)
            if contact is None:
                raise
    return _fill_in(contact, name=fields.get("name", ""), phone=fields.get("phone", ""))


def get_or_create_contact(email: str, *, name: str = "", phone: str = "", language: str = "") -> Contact:
    """The contact for this address, created on first sight (P1: the address is the identity).

    An existing contact's name and phone are filled in when missing, never overwritten.
    """
    address = clean_email(email)
    phone = normalise_phone(phone) if phone else ""
    fields = {"email": address, "name": name.strip()[:200], "phone": phone, "language": language or "vi"}
    return _get_or_create(IdentityKind.EMAIL, address, fields)


def get_or_create_contact_by_phone(phone: str, *, name: str = "", language: str = "") -> Contact:
    """The contact who has this number (an SMS, a logged call), created with no email address if new."""
    number = normalise_phone(phone)
    if not number:
        raise AccountError(_("This phone number is not valid."), field="phone")
    fields = {"phone": number, "name": name.strip()[:200], "language": language or "vi"}
    return _get_or_create(IdentityKind.PHONE, number, fields)


def get_or_create_contact_by_visitor(visitor_id: str, *, name: str = "", language: str = "") -> Contact:
    """The contact behind a chat visitor id (the widget's, kept in the visitor's browser)."""
    visitor = visitor_id.strip()
    if not visitor or len(visitor) > 254:
        raise AccountError(_("This chat visitor id is not valid."), field="visitor")
    fields = {"name": name.strip()[:200], "language": language or "vi"}
    return _get_or_create(IdentityKind.CHAT, visitor, fields)


def _claim_identity(contact: Contact, kind: str, value: str) -> bool:
    """Record the identity for ``contact`` unless it is someone's already; True when it is now theirs."""
    owner = ContactIdentity.objects.filter(kind=kind, value=value).values_list("contact_id", flat=True).first()
    if owner is not None:
        return owner == contact.pk
    try:
        with transaction.atomic():
            ContactIdentity.objects.create(contact=contact, kind=kind, value=value)
    except IntegrityError:
        return False
    return True


def add_identity(contact: Contact, kind: str, value: str) -> Contact:
    """Give ``contact`` another address, number or visitor id (a later SMS that names an email).

    It becomes the preferred one of its kind when the contact has none. An identity that
    already belongs to another contact is refused: merge the two contacts instead.
    """
    if kind == IdentityKind.EMAIL:
        value = clean_email(value)
    elif kind == IdentityKind.PHONE:
        value = normalise_phone(value)
    elif kind != IdentityKind.CHAT or not value.strip():
        raise AccountError(_("Unknown kind of identity."), field="kind")
    if not _claim_identity(contact, kind, value):
        raise AccountError(_("This is already another customer's; merge the two customers instead."), field="value")
    preferred = {IdentityKind.EMAIL: "email", IdentityKind.PHONE: "phone"}.get(IdentityKind(kind))
    return _fill_in(contact, **{preferred: value}) if preferred else contact


def mark_email_failing(addresses: Sequence[str]) -> int:
    """Mail to these addresses bounced: flag their contacts (the first failure's time is kept).

    Agents see the flag; it is cleared by an agent or when the customer writes in again.
    """
    failing = [normalise_email(a) for a in addresses if a.strip()]
    if not failing:
        return 0
    return Contact.objects.filter(email__in=failing, email_failing_since__isnull=True).update(
        email_failing_since=timezone.now()
    )  # only the preferred address is where mail goes: a secondary one failing changes nothing


def contact_for_user(user: User) -> Contact:
    """The customer contact behind a sign-in account.

    An account is tied to its address's contact only once the address is proven
    (verified): otherwise anyone could sign up with someone else's address and read
    their tickets. Until then this is the address's contact *unlinked*, so a ticket
    the account opens belongs to the address and only the mailbox's owner can follow
    it, through the emailed guest link.
    """
    try:
        return user.contact  # joined in by the sign-in backend (hotro.accounts.backends)
    except Contact.DoesNotExist:
        pass
    contact = get_or_create_contact(user.email, name=user.full_name, language=user.language)
    if user.email_verified and contact.user_id is None:
        contact.user = user
        contact.save(update_fields=["user"])
    return contact


@transaction.atomic
def register_customer(email: str, password: str, *, name: str = "", language: str = "vi") -> User:
    """A customer account, unverified until the emailed link is followed."""
    address = clean_email(email)
    if User.objects.filter(email=address).exists():
        raise AccountError(_("An account with this email address already exists."), field="email")
    # Not linked to the address's contact yet: that waits for the verification link.
    return User.objects.create_user(address, password, full_name=name.strip(), language=language)


@transaction.atomic
def create_agent(
    email: str,
    password: str | None,
    *,
    name: str = "",
    role: str = Role.AGENT,
    departments: Iterable[Department] = (),
    supervises: bool = False,
    language: str = "vi",
) -> User:
    address = clean_email(email)
    user = User.objects.filter(email=address).first()
    if user is None:
        user = User.objects.create_user(address, password, full_name=name, language=language, email_verified=True)
    user.is_staff = role == Role.ADMIN
    user.save(update_fields=["is_staff"])
    agent, _created = Agent.objects.get_or_create(user=user, defaults={"role": role})
    if agent.role != role:
        agent.role = role
        agent.save(update_fields=["role"])
    for department in departments:
        Membership.objects.update_or_create(
            agent=agent, department=department, defaults={"is_supervisor": supervises or role == Role.SUPERVISOR}
        )
    return user
