"""Mutated mail through the whole pipeline (store, parse, thread, desk): no exception escapes (DESIGN).

Whatever the bytes, the message is stored and ends in a final state; when
processing fails — by a broken message or by an injected fault in the desk —
it is in the failed list with its error, never lost.
"""

from __future__ import annotations

from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotro.desk.models import Ticket
from hotro.mail.intake import desk
from hotro.mail.intake.process import process_inbound
from hotro.mail.intake.store import store_raw
from hotro.mail.models import InboundMail, InboundStatus

from .intake_helpers import raw_mail

BASE = raw_mail(
    subject="=?utf-8?b?VlBTIGzhu5dp?=",
    body="Xin chào,\nVPS lỗi.\n\n> trích dẫn\n",
    attachments=[("log.txt", b"eth0 down\n", "text/plain"), ("a.pdf", b"%PDF-1.4", "application/pdf")],
)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(BASE)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "dup_line"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "truncate":
            del data[at:]
        elif op == "dup_line":
            end = data.find(b"\n", at)
            start = data.rfind(b"\n", 0, at) + 1
            if end != -1:
                data[start:start] = data[start : end + 1]
    return bytes(data)


def _boom(*args, **kwargs):
    raise RuntimeError("injected fault")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=mutated(), fault=st.booleans())
def test_mutated_mail_never_escapes_the_pipeline_and_failures_are_listed(provider_defaults, raw, fault):
    stored = store_raw(raw, enqueue=False)
    if fault:
        with (
            mock.patch.object(desk.services, "open_ticket_with_message", _boom),
            mock.patch.object(desk.services, "add_customer_reply", _boom),
        ):
            result = process_inbound(stored.mail.pk)
    else:
        result = process_inbound(stored.mail.pk)
    mail = InboundMail.objects.get(pk=stored.mail.pk)
    assert mail.raw_bytes == raw
    assert mail.status != InboundStatus.RECEIVED or not stored.created
    if mail.status == InboundStatus.FAILED:
        assert mail.error and mail.reason
        assert InboundMail.objects.filter(status=InboundStatus.FAILED, pk=mail.pk).exists()
        assert mail.ticket_id is None
    if mail.status == InboundStatus.PROCESSED:
        assert Ticket.objects.filter(pk=mail.ticket_id).exists()
    if fault and result.mail.outcome in {"created", "appended"}:
        raise AssertionError("an injected fault must not end as a created or appended ticket")
