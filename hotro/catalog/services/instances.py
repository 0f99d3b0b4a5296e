"""The customers' instances: validating one record from billing and upserting it by its external id.

The import command and the endpoint both come here, so a CSV line and a JSON object are
checked by the same rules and written the same way.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from collections.abc import Mapping
from typing import Any, Literal

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact, IdentityKind, User
from hotro.accounts.services import contact_for_user, find_contact, normalise_email
from hotro.catalog.errors import CatalogError
from hotro.catalog.models import Instance, InstanceStatus, Product

# The fields of one record, as the CSV header and the endpoint's JSON name them.
FIELDS = (
    "external_id",
    "customer_email",
    "product",
    "label",
    "hostname",
    "ip",
    "region",
    "status",
    "start_date",
    "end_date",
)
Outcome = Literal["created", "updated", "unchanged"]
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
_EXTERNAL_ID = re.compile(r"^[\w.:/@+-]{1,100}$")


def _text(record: Mapping[str, Any], name: str, limit: int) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise CatalogError(_("%(field)s must be text.") % {"field": name}, field=name)
    value = value.strip()
    if "\x00" in value:  # PostgreSQL refuses it in every text column: a 400, not a database error
        raise CatalogError(_("%(field)s must not contain NUL characters.") % {"field": name}, field=name)
    if len(value) > limit:
        raise CatalogError(_("%(field)s is too long.") % {"field": name}, field=name)
    return value


def _date(record: Mapping[str, Any], name: str) -> dt.date | None:
    value = _text(record, name, 10)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CatalogError(
            _("%(field)s is not an ISO date (YYYY-MM-DD): %(value)s") % {"field": name, "value": value}, field=name
        ) from None


def parse_addresses(raw: str) -> str:
    """IP addresses separated by spaces, commas or semicolons → normalised, space-separated, in order."""
    found: list[str] = []
    for part in re.split(r"[\s,;]+", raw.strip()):
        if not part:
            continue
        try:
            address = str(ipaddress.ip_address(part))
        except ValueError:
            raise CatalogError(_("Not an IP address: %(value)s") % {"value": part}, field="ip") from None
        if address not in found:
            found.append(address)
    return " ".join(found)


def clean_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """The model's field values for one record, or ``CatalogError`` saying what is wrong with it."""
    external_id = _text(record, "external_id", 100)
    if not external_id or not _EXTERNAL_ID.match(external_id):
        raise CatalogError(_("external_id is missing or has characters other than letters, digits and ._:/@+-."))
    email = normalise_email(_text(record, "customer_email", 254))
    contact: Contact | None = find_contact(IdentityKind.EMAIL, email) if email else None
    if contact is None and email:
        # A customer who signed up but never wrote has an account and no contact yet: the billing
        # system knows them by that address all the same.
        account = User.objects.filter(email__iexact=email).first()
        contact = contact_for_user(account) if account is not None and not account.is_agent else None
    if contact is None:
        raise CatalogError(_("Unknown customer: %(email)s") % {"email": email or "-"}, field="customer_email")
    slug = _text(record, "product", 50)
    product = Product.objects.filter(slug=slug).first() if slug else None
    if product is None:
        raise CatalogError(_("Unknown product: %(slug)s") % {"slug": slug or "-"}, field="product")
    hostname = _text(record, "hostname", 253).lower().rstrip(".")
    if hostname and not _HOSTNAME.match(hostname):
        raise CatalogError(_("Not a hostname: %(value)s") % {"value": hostname}, field="hostname")
    status = _text(record, "status", 12).lower() or InstanceStatus.ACTIVE
    if status not in InstanceStatus.values:
        raise CatalogError(
            _("Unknown status %(value)s (active, suspended or cancelled).") % {"value": status}, field="status"
        )
    start, end = _date(record, "start_date"), _date(record, "end_date")
    if start and end and end < start:
        raise CatalogError(_("end_date is before start_date."), field="end_date")
    return {
        "external_id": external_id,
        "contact": contact,
        "product": product,
        "label": _text(record, "label", 200),
        "hostname": hostname,
        "ip_addresses": parse_addresses(_text(record, "ip", 1000)),
        "region": _text(record, "region", 60),
        "status": status,
        "start_date": start,
        "end_date": end,
    }


def upsert_instance(record: Mapping[str, Any]) -> tuple[Instance, Outcome]:
    """Create or update the instance with the record's external id; an identical record writes nothing.

    Idempotent, so billing may send the same record any number of times. Validation comes
    first: a refused record changes nothing (the contact it may make for an account that never wrote
    is made in the same transaction, so it goes too).
    """
    with transaction.atomic():
        values = clean_record(record)
        instance = Instance.objects.select_for_update().filter(external_id=values["external_id"]).first()
        if instance is None:
            return Instance.objects.create(**values), "created"
        changed = [
            name
            for name, value in values.items()
            if getattr(instance, f"{name}_id" if name in ("contact", "product") else name)
            != (value.pk if name in ("contact", "product") else value)
        ]
        if not changed:
            return instance, "unchanged"
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=[*changed, "updated_at"])
        return instance, "updated"


def instances_of(contact: Contact) -> QuerySet[Instance]:
    """The contact's active instances, for the ticket form and the matcher."""
    return Instance.objects.filter(contact=contact, status=InstanceStatus.ACTIVE).select_related("product")


def instances_for_account(user: User) -> QuerySet[Instance]:
    """What a signed-in customer may pick on the ticket form: nothing until their address is proven
    (``contact_for_user`` links an account to its address's contact only then), so signing up with
    someone else's address never lists their servers."""
    contact: Contact | None = getattr(user, "contact", None)  # a missing one-to-one is an AttributeError
    if contact is None or contact.user_id != user.pk:
        return Instance.objects.none()
    return instances_of(contact)
