"""/api/v1/services/: the billing system's upsert of a customer's service, and a customer's services.

The upsert is the ``/hooks/catalog/instances/`` hook's, through the same catalogue service
(``hotro.catalog.services.upsert_instance``): the same fields, the same rules, idempotent by
``external_id`` (the same record twice changes nothing the second time), with the API's bearer tokens
(scope ``services``), ``Idempotency-Key`` and problem details instead of the hook's shared secret.
Services belong to customers, not to departments, so a department-bound token reads them all, as it
reads customers with the ``contacts`` scope.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from pydantic import field_validator

from hotro.accounts.models import Contact, IdentityKind
from hotro.accounts.services import AccountError, clean_email, find_contact
from hotro.api import idempotency, scoping
from hotro.api.api import token_of
from hotro.api.endpoints import ERRORS
from hotro.api.models import ApiToken, Scope
from hotro.api.problems import ApiProblem, FieldError, invalid, not_found
from hotro.api.schemas import MAX_ID
from hotro.catalog.models import Instance
from hotro.catalog.services import CatalogError, upsert_instance

router = Router(tags=["services"])
LIST_LIMIT = 500  # a customer has a handful of services; a list never grows without bound

InstanceStatusName = Literal["active", "suspended", "cancelled"]


class ServiceIn(Schema):
    """One service as billing knows it: the fields of ``import_services``' CSV and of the catalogue hook."""

    external_id: str = Field(..., min_length=1, max_length=100, description="Billing's id; the upsert key.")
    customer_email: str = Field(..., min_length=1, max_length=254, description="A customer the desk knows.")
    product: str = Field(..., min_length=1, max_length=50, description="A product slug, e.g. `cloud-vps`.")
    label: str | None = Field(None, max_length=200)
    hostname: str | None = Field(None, max_length=253)
    ip: str | None = Field(None, max_length=1000, description="IP addresses separated by spaces or commas.")
    region: str | None = Field(None, max_length=60)
    status: InstanceStatusName | None = None
    start_date: str | None = Field(None, max_length=10, description="YYYY-MM-DD")
    end_date: str | None = Field(None, max_length=10, description="YYYY-MM-DD")

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        # PostgreSQL cannot store NUL in text; the hook's JSON rarely has one, a fuzzer always does.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("contains a NUL character")
        return value


class ServiceOut(Schema):
    id: int
    external_id: str
    contact_id: int
    customer_email: str
    product: str
    label: str
    name: str
    hostname: str
    ip_addresses: list[str]
    region: str
    status: InstanceStatusName
    start_date: date | None
    end_date: date | None


class UpsertOut(ServiceOut):
    result: Literal["created", "updated", "unchanged"]


def service_out(instance: Instance) -> dict[str, Any]:
    return {
        "id": instance.pk,
        "external_id": instance.external_id,
        "contact_id": instance.contact_id,
        "customer_email": instance.contact.email,
        "product": instance.product.slug,
        "label": instance.label,
        "name": instance.name,
        "hostname": instance.hostname,
        "ip_addresses": instance.ip_list,
        "region": instance.region,
        "status": instance.status,
        "start_date": instance.start_date,
        "end_date": instance.end_date,
    }


def _instances() -> QuerySet[Instance]:
    return Instance.objects.select_related("contact", "product")


def _contact_by_email(raw: str) -> Contact | None:
    if "\x00" in raw:
        raise invalid("email", _("Enter a valid email address."))
    try:
        return find_contact(IdentityKind.EMAIL, clean_email(raw))
    except AccountError as error:
        raise invalid("email", str(error.message)) from None


@router.post("/", response={200: UpsertOut, 201: UpsertOut, **ERRORS}, url_name="services")
def upsert_service(request: HttpRequest, data: ServiceIn) -> HttpResponse:
    """Create or update the customer's service with this `external_id`: 201 when created, 200 when updated or
    unchanged (`result` says which). The same rules as the catalogue hook and `import_services`. `services`."""
    token = token_of(request)
    scoping.require(token, Scope.SERVICES)

    def upsert() -> tuple[int, UpsertOut]:
        try:
            instance, outcome = upsert_instance(data.model_dump())
        except CatalogError as error:
            message = str(error.message)
            field = error.field or "external_id"
            raise ApiProblem(422, error.code or "invalid", message, [FieldError(field, message)]) from None
        instance = _instances().get(pk=instance.pk)
        return (201 if outcome == "created" else 200), UpsertOut(**service_out(instance), result=outcome)

    return idempotency.run(request, token, upsert)


@router.get("/", response={200: list[ServiceOut], **ERRORS}, url_name="service_list")
def list_services(
    request: HttpRequest,
    contact: int | None = Query(None, ge=1, le=MAX_ID, description="A customer's id (as `/contacts/` answers)."),
    email: str | None = Query(None, max_length=254, description="A customer's email address."),
    external_id: str | None = Query(None, max_length=100),
) -> list[dict[str, Any]]:
    """A customer's services (every status), by exactly one of `contact`, `email` or `external_id`. `services`."""
    token: ApiToken = token_of(request)
    scoping.require(token, Scope.SERVICES)
    given = [name for name, value in (("contact", contact), ("email", email), ("external_id", external_id)) if value]
    if len(given) != 1:
        raise invalid("contact", _("Give exactly one of contact, email or external_id."), "one_filter")
    rows = _instances()
    if contact is not None:
        rows = rows.filter(contact_id=contact)
    elif email:
        found = _contact_by_email(email)
        rows = rows.filter(contact=found) if found is not None else rows.none()
    else:
        if "\x00" in (external_id or ""):
            raise invalid(
                "external_id", _("external_id is missing or has characters other than letters, digits and ._:/@+-.")
            )
        rows = rows.filter(external_id=external_id)
    return [service_out(instance) for instance in rows.order_by("pk")[:LIST_LIMIT]]


@router.get("/{service_id}", response={200: ServiceOut, **ERRORS}, url_name="service")
def read_service(request: HttpRequest, service_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    """One service by its id. `services`."""
    scoping.require(token_of(request), Scope.SERVICES)
    instance = _instances().filter(pk=service_id).first()
    if instance is None:
        raise not_found(_("No such service."))
    return service_out(instance)
