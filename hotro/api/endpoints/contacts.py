"""/api/v1/contacts/: find a customer by any identity, and create or complete one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from hotro.api import directory, idempotency, schemas
from hotro.api.api import token_of
from hotro.api.endpoints import ERRORS
from hotro.api.schemas import ContactIn, ContactOut

router = Router(tags=["contacts"])


@router.get("/", response={200: ContactOut, **ERRORS}, url_name="contact_find")
def find_contact(
    request: HttpRequest,
    email: str | None = Query(None, max_length=254),
    phone: str | None = Query(None, max_length=40),
    visitor: str | None = Query(None, max_length=254),
) -> ContactOut:
    """The customer known by exactly one of: email address, phone number (any spelling), chat visitor id. `contacts`."""
    return schemas.contact_out(directory.find(token_of(request), email=email, phone=phone, visitor=visitor))


@router.post("/", response={200: ContactOut, 201: ContactOut, **ERRORS}, url_name="contacts")
def upsert_contact(request: HttpRequest, data: ContactIn) -> HttpResponse:
    """The customer with this email (else phone): 201 when created, 200 when found; blank fields are filled in,
    existing ones never overwritten. `contacts`."""
    token = token_of(request)

    def upsert() -> tuple[int, ContactOut]:
        contact, created = directory.upsert(token, data)
        return (201 if created else 200), schemas.contact_out(contact)

    return idempotency.run(request, token, upsert)
