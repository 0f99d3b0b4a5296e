"""/tickets/new/ (P1) under random posts, as a guest and as a signed-in customer.

Each field comes valid, junk, missing or repeated; attachments with hostile names and sizes
around the (lowered) limits. Property: no 5xx; when the ticket is refused (the form comes back,
or a 4xx) no ticket, message, attachment, contact or mail was written.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from hotro.accounts.models import Contact, ContactIdentity
from hotro.core.models import OutboundMessage
from hotro.desk.models import Attachment, AuditEvent, Category, Department, Message, Priority, Ticket

from .strategies import FUZZ, assert_local_redirect, assert_refusal_wrote_nothing, counts, form_data

URL = "/tickets/new/"
MODELS = (Ticket, Message, Attachment, AuditEvent, Contact, ContactIdentity, OutboundMessage)


@pytest.fixture
def ticket_form(settings, technical, sales, customer_a):
    settings.HOTRO_ATTACHMENT_MAX_COUNT = 2
    settings.HOTRO_ATTACHMENT_MAX_BYTES = 300
    settings.HOTRO_ATTACHMENT_DAILY_BYTES_PER_CUSTOMER = 1000
    return customer_a


def real_pk(model: type, **filters: object) -> st.SearchStrategy[str]:
    """A primary key that exists (read when drawn: the fixtures exist by then)."""
    return st.builds(
        lambda: [str(pk) for pk in model._default_manager.filter(**filters).values_list("pk", flat=True)]
    ).flatmap(st.sampled_from)


NEAR_PKS = st.sampled_from(["0", "-1", "999999", "1.5", "99999999999999999999999", "1e3", ""])


upload = st.builds(
    lambda name, content, kind: SimpleUploadedFile(name, content, content_type=kind),
    st.sampled_from(["log.txt", "evil.exe.", "EVIL.Exe", "a::$DATA", "x" * 300 + ".txt", "ảnh.png", "a.lnk", ".txt"]),
    st.one_of(st.binary(max_size=50), st.binary(min_size=290, max_size=320)),
    st.sampled_from(["text/plain", "image/png", "application/octet-stream", "x/y"]),
)

fields = form_data(
    {
        "department": real_pk(Department, active=True),
        "priority": st.sampled_from([str(value) for value in Priority.values]),
        "subject": st.sampled_from(["VPS không khởi động", "Hoá đơn tháng 5"]),
        "body": st.sampled_from(["Máy chủ không lên.", "Please check my invoice."]),
        "email": st.sampled_from(["khach@example.net", "an.nguyen@example.com", "KHACH@Example.NET"]),
        "name": st.sampled_from(["", "Khách"]),
        "category": st.one_of(st.just(""), real_pk(Category)),
    },
    near={
        "department": st.one_of(NEAR_PKS, real_pk(Department)),
        "category": NEAR_PKS,
        "priority": st.sampled_from(["0", "9", "urgent", "-1"]),
        "email": st.sampled_from(["a@localhost", "x@[127.0.0.1]", "a@b", "a" * 300 + "@example.com"]),
        "subject": st.just("x" * 251),
    },
)


def post(client: Client, data: dict, files: list[SimpleUploadedFile]):
    for upload_file in files:
        upload_file.seek(0)
    return client.post(URL, {**data, "attachments": files} if files else data)


@FUZZ
@given(data=fields, files=st.lists(upload, max_size=3))
def test_a_guest_posting_anything_gets_no_500_and_a_refusal_writes_nothing(ticket_form, data, files):
    before = counts(MODELS)
    response = post(Client(), data, files)
    assert_refusal_wrote_nothing(response, before, MODELS, refused=response.status_code != 302)
    assert_local_redirect(response)


@FUZZ
@given(data=fields, files=st.lists(upload, max_size=3))
def test_a_customer_posting_anything_gets_no_500_and_a_refusal_writes_nothing(ticket_form, client_for, data, files):
    client = client_for(ticket_form)
    before = counts(MODELS)
    response = post(client, data, files)
    assert_refusal_wrote_nothing(response, before, MODELS, refused=response.status_code != 302)
    assert_local_redirect(response)
