"""The customer's reply form (P4), signed in (``tickets/<number>/reply/``) and through the guest
link (``t/<token>/reply/``), and the guest link's other posts (close, reopen, renew) under
random bodies, attachments and tokens.

Property: no 5xx; a refused reply (the page comes back with errors, or a 4xx) adds no message,
no attachment and queues no mail.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import assume, given
from hypothesis import strategies as st

from hotro.accounts.services import get_or_create_contact
from hotro.core.models import OutboundMessage
from hotro.desk import services
from hotro.desk.models import Attachment, AuditEvent, Message, Ticket

from .strategies import FUZZ, assert_local_redirect, assert_refusal_wrote_nothing, counts, form_data, text

MODELS = (Message, Attachment, AuditEvent, OutboundMessage)


@pytest.fixture
def tickets(settings, customer_a, make_ticket, technical):
    settings.HOTRO_ATTACHMENT_MAX_COUNT = 2
    settings.HOTRO_ATTACHMENT_MAX_BYTES = 300
    settings.HOTRO_ATTACHMENT_DAILY_BYTES_PER_CUSTOMER = 1000
    own = make_ticket(customer_a.contact)
    guest = get_or_create_contact("khach@example.net", name="Khách")
    guest_ticket = services.open_ticket(requester=guest, department=technical, subject="Web lỗi", body="Từ sáng")
    return own, services.guest_token(guest_ticket, guest)


upload = st.builds(
    lambda name, content: SimpleUploadedFile(name, content, content_type="application/octet-stream"),
    st.sampled_from(["log.txt", "evil.exe.", "a.iso", "x" * 300 + ".txt", "ảnh.png", "..txt"]),
    st.one_of(st.binary(max_size=50), st.binary(min_size=290, max_size=320)),
)
reply = form_data({"body": st.sampled_from(["Vẫn còn lỗi ạ.", "Thanks"])}, near={"body": st.just("   ")})


def post(client: Client, url: str, data: dict, files: list[SimpleUploadedFile]):
    for upload_file in files:
        upload_file.seek(0)
    return client.post(url, {**data, "attachments": files} if files else data)


def check(response, before) -> None:
    assert_refusal_wrote_nothing(response, before, MODELS, refused=response.status_code != 302)
    assert_local_redirect(response)


@FUZZ
@given(data=reply, files=st.lists(upload, max_size=3))
def test_a_signed_in_reply_never_500_and_a_refusal_writes_nothing(tickets, customer_a, client_for, data, files):
    own, _token = tickets
    before = counts(MODELS)
    check(post(client_for(customer_a), f"/tickets/{own.number}/reply/", data, files), before)


@FUZZ
@given(data=reply, files=st.lists(upload, max_size=3))
def test_a_guest_reply_never_500_and_a_refusal_writes_nothing(tickets, data, files):
    _own, token = tickets
    before = counts(MODELS)
    check(post(Client(), f"/t/{token}/reply/", data, files), before)


@st.composite
def forged(draw: st.DrawFn, token: str) -> str:
    """The real token with a few characters changed, cut or added; or any text."""
    if draw(st.booleans()):
        return draw(text.filter(bool))
    chars = list(token)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(chars) - 1))
        chars[at : at + 1] = draw(st.sampled_from([[], ["A"], ["-", "_"], [":"], ["\x00"]]))
    return "".join(chars) or "x"


@FUZZ
@given(data=st.data(), action=st.sampled_from(["", "reply/", "close/", "reopen/", "renew/"]))
def test_forged_guest_links_never_500_and_change_nothing(tickets, data, action):
    _own, token = tickets
    bad = data.draw(forged(token))
    assume(bad != token)
    before = counts((*MODELS, Ticket))
    status_before = list(Ticket.objects.values_list("pk", "status").order_by("pk"))
    client = Client()
    url = f"/t/{quote(bad, safe='')}/{action}"
    response = client.get(url) if not action else client.post(url, {"body": "Giả mạo"})
    assert_refusal_wrote_nothing(response, before, (*MODELS, Ticket), refused=True)
    assert list(Ticket.objects.values_list("pk", "status").order_by("pk")) == status_before


@FUZZ
@given(number=text, action=st.sampled_from(["", "reply/", "close/", "reopen/"]))
def test_unknown_ticket_numbers_never_500_and_change_nothing(tickets, customer_a, client_for, number, action):
    before = counts((*MODELS, Ticket))
    client = client_for(customer_a)
    url = f"/tickets/{quote(number, safe='')}/{action}"
    response = client.get(url) if not action else client.post(url, {"body": "Không phải của tôi"})
    if response.status_code == 302:  # the customer's own ticket, by a number written differently: allowed
        return
    assert_refusal_wrote_nothing(response, before, (*MODELS, Ticket), refused=True)
