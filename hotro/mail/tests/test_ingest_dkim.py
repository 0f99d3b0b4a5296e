"""Issue #14, finding 2: where no trusted ``Authentication-Results`` header speaks, Hotro verifies DKIM.

P4 lets a customer add to their own ticket by email reply; the attack is a reply in their name
(``From:`` the requester, ``Subject: Re: [CM-…]``) that is not theirs. A real RSA key is made here,
the message signed with dkimpy as the customer's mail server would, and its public key served to
``hotro.mail.inbound.dkimcheck`` by replacing the module's DNS query (``_query``): an intact
signature of the sender's domain threads as the customer's reply, the same mail changed after
signing is held as unverified exactly like ``dmarc=fail`` (``test_ingest_authentication``), and
DNS trouble or a switched-off check never holds anything.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator

import dkim
import dns.exception
import dns.resolver
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse
from django.utils.translation import gettext

from hotro.accounts.models import Contact
from hotro.desk import services
from hotro.desk.models import AuditEvent, AuthorKind, Status, Ticket
from hotro.mail.inbound import dkimcheck
from hotro.mail.intake.process import process_inbound
from hotro.mail.intake.store import store_raw
from hotro.mail.models import InboundMail, InboundSource

from .intake_helpers import ingest, raw_mail

OURS = "mx.cloudmini.example"
SELECTOR = b"s2026"
BODY = "Đóng ticket này, chuyển VPS cho tôi."


@pytest.fixture(scope="module")
def keys() -> tuple[bytes, bytes]:
    """(PEM private key, the DNS TXT record publishing its public key)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )
    spki = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return pem, b"v=DKIM1; k=rsa; p=" + base64.b64encode(spki)


class FakeDns:
    """Stands in for ``dkimcheck._query``: the key record of each signing domain, and who asked."""

    def __init__(self, record: bytes) -> None:
        self.record = record
        self.asked: list[str] = []

    def __call__(self, name: str, timeout: float) -> tuple[bytes | None, float]:
        self.asked.append(name)
        domain = name.removeprefix(SELECTOR.decode() + "._domainkey.")
        return (self.record if domain in {"example.com", "attacker.example"} else None), 300.0


@pytest.fixture(autouse=True)
def fake_dns(provider_defaults, settings, monkeypatch, keys) -> Iterator[FakeDns]:
    settings.HOTRO_MAIL_TRUSTED_AUTHSERV_IDS = [OURS]
    settings.HOTRO_MAIL_VERIFY_DKIM = True
    settings.HOTRO_MAIL_REQUIRE_DKIM = False
    fake = FakeDns(keys[1])
    monkeypatch.setattr(dkimcheck, "_query", fake)
    dkimcheck.clear_cache()
    yield fake
    dkimcheck.clear_cache()


@pytest.fixture
def resolved(contact_a, make_ticket, tech_agent) -> Ticket:
    ticket = make_ticket(contact_a)
    services.change_status(ticket, Status.RESOLVED, tech_agent)
    return Ticket.objects.get(pk=ticket.pk)


def _reply(ticket: Ticket, contact: Contact, results: str | None = None) -> bytes:
    headers = {"Authentication-Results": results} if results else {}
    return raw_mail(sender=contact.email, subject=f"Re: [{ticket.number}]", body=BODY, headers=headers)


def _signed(raw: bytes, pem: bytes, domain: bytes = b"example.com") -> bytes:
    """``raw`` with a DKIM-Signature on top, as the sender's outgoing server adds it."""
    headers = [b"from", b"to", b"subject", b"date", b"message-id", b"content-type", b"mime-version"]
    return dkim.sign(raw, SELECTOR, domain, pem, include_headers=headers, linesep=b"\n") + raw


def _altered(raw: bytes) -> bytes:
    """The same mail with its body changed after signing (the headers, signature included, untouched)."""
    head, sep, body = raw.partition(b"\n\n")
    changed = body.replace("chuyển VPS".encode(), "chuyển VPS và tên miền".encode())
    assert changed != body
    return head + sep + changed


def _assert_held(line: dict, ticket: Ticket, client_for, customer_a) -> None:
    """As ``test_ingest_authentication`` checks a dmarc=fail reply."""
    assert line["status"] == "held" and line["ticket"] == ticket.number
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.status == Status.RESOLVED
    assert not ticket.messages.filter(author_kind=AuthorKind.CUSTOMER).exclude(pk=ticket.messages.earliest("id").pk)
    note = ticket.messages.order_by("id").last()
    assert note.internal and note.author_kind == AuthorKind.SYSTEM
    assert gettext("Unverified email") in note.body_text and "chuyển VPS" in note.body_text
    assert AuditEvent.objects.filter(ticket=ticket, action="mail.unverified.held").exists()
    page = client_for(customer_a).get(reverse("portal:ticket_detail", args=[ticket.number]))
    assert page.status_code == 200 and "chuyển VPS" not in page.content.decode()


def _assert_appended(line: dict, ticket: Ticket) -> None:
    assert line["status"] == "appended" and line["ticket"] == ticket.number
    reply = Ticket.objects.get(pk=ticket.pk).messages.filter(author_kind=AuthorKind.CUSTOMER).order_by("id").last()
    assert reply is not None and not reply.internal and "chuyển VPS" in reply.body_text


def test_a_signed_genuine_reply_threads_as_the_customers_words(tmp_path, resolved, contact_a, keys, fake_dns):
    [line] = ingest(tmp_path, _signed(_reply(resolved, contact_a), keys[0]))
    _assert_appended(line, resolved)
    assert Ticket.objects.get(pk=resolved.pk).status != Status.RESOLVED  # the customer's reply reopens it
    assert fake_dns.asked == ["s2026._domainkey.example.com"]


def test_the_same_reply_altered_after_signing_is_held_as_unverified(
    client_for, tmp_path, resolved, contact_a, customer_a, keys
):
    [line] = ingest(tmp_path, _altered(_signed(_reply(resolved, contact_a), keys[0])))
    _assert_held(line, resolved, client_for, customer_a)
    assert "example.com" in InboundMail.objects.get().reason  # the agent sees whose signature failed


def test_an_agent_sees_why_and_accepts_the_held_reply(client_for, tmp_path, resolved, contact_a, tech_agent, keys):
    ingest(tmp_path, _altered(_signed(_reply(resolved, contact_a), keys[0])))
    mail = InboundMail.objects.get()
    client = client_for(tech_agent)
    url = reverse("mail:held_message", args=[mail.pk])
    page = client.get(url).content.decode()
    assert gettext("Why it was held") in page and mail.reason in page
    assert client.post(url).status_code == 302
    reply = Ticket.objects.get(pk=resolved.pk).messages.filter(author_kind=AuthorKind.CUSTOMER).order_by("id").last()
    assert reply is not None and "và tên miền" in reply.body_text


def test_a_valid_signature_of_another_domain_does_not_authenticate_the_sender(tmp_path, resolved, contact_a, keys):
    """The attacker signs with their own domain's key: valid, but says nothing about example.com."""
    forged = _signed(_reply(resolved, contact_a), keys[0], domain=b"attacker.example")
    assert dkimcheck.check(forged, "example.com").verdict == dkimcheck.NONE
    assert dkimcheck.check(forged, "attacker.example").verdict == dkimcheck.PASS
    [line] = ingest(tmp_path, forged)
    assert line["status"] == "appended"  # like no signature at all: cannot decide


def test_when_dkim_is_required_another_domains_signature_is_held(
    client_for, tmp_path, resolved, contact_a, customer_a, keys, settings
):
    settings.HOTRO_MAIL_REQUIRE_DKIM = True
    [line] = ingest(tmp_path, _signed(_reply(resolved, contact_a), keys[0], domain=b"attacker.example"))
    _assert_held(line, resolved, client_for, customer_a)


def test_a_broken_signature_of_another_domain_holds_nothing(tmp_path, resolved, contact_a, keys):
    """A mailing list's or forwarder's signature broken on the way says nothing about the sender."""
    [line] = ingest(tmp_path, _altered(_signed(_reply(resolved, contact_a), keys[0], domain=b"attacker.example")))
    assert line["status"] == "appended"


def test_unsigned_mail_keeps_todays_behaviour(tmp_path, resolved, contact_a, fake_dns):
    [line] = ingest(tmp_path, _reply(resolved, contact_a))
    assert line["status"] == "appended" and fake_dns.asked == []


def test_unsigned_mail_is_held_when_dkim_is_required(client_for, tmp_path, resolved, contact_a, customer_a, settings):
    settings.HOTRO_MAIL_REQUIRE_DKIM = True
    [line] = ingest(tmp_path, _reply(resolved, contact_a))
    _assert_held(line, resolved, client_for, customer_a)


def test_a_signed_reply_passes_when_dkim_is_required(tmp_path, resolved, contact_a, keys, settings):
    settings.HOTRO_MAIL_REQUIRE_DKIM = True
    [line] = ingest(tmp_path, _signed(_reply(resolved, contact_a), keys[0]))
    _assert_appended(line, resolved)


@pytest.mark.parametrize("error", [dns.exception.Timeout(), dns.resolver.NoNameservers(), RuntimeError("resolver bug")])
def test_dns_trouble_holds_nothing_and_raises_nothing(
    tmp_path, resolved, contact_a, keys, settings, monkeypatch, error
):
    """temperror: the key could not be fetched; our DNS trouble is not the customer's forgery."""
    monkeypatch.undo()  # the real _query, with dnspython's resolve failing underneath it
    settings.HOTRO_MAIL_REQUIRE_DKIM = True  # not even then

    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(dkimcheck.dns.resolver, "resolve", failing)
    signed = _altered(_signed(_reply(resolved, contact_a), keys[0]))
    assert dkimcheck.check(signed, "example.com").verdict == dkimcheck.TEMPERROR
    [line] = ingest(tmp_path, signed)
    _assert_appended(line, resolved)


def test_a_trusted_pass_wins_over_a_broken_signature(tmp_path, resolved, contact_a, keys, fake_dns):
    genuine = f"{OURS}; spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com; dmarc=pass"
    [line] = ingest(tmp_path, _altered(_signed(_reply(resolved, contact_a, genuine), keys[0])))
    assert line["status"] == "appended" and fake_dns.asked == []  # our MTA checked: no second opinion


def test_a_trusted_fail_wins_over_a_valid_signature(tmp_path, resolved, contact_a, keys, fake_dns):
    forged = f"{OURS}; spf=fail smtp.mailfrom=example.com; dkim=none; dmarc=fail header.from=example.com"
    [line] = ingest(tmp_path, _signed(_reply(resolved, contact_a, forged), keys[0]))
    assert line["status"] == "held" and fake_dns.asked == []


def test_verification_can_be_switched_off(tmp_path, resolved, contact_a, keys, settings, fake_dns):
    settings.HOTRO_MAIL_VERIFY_DKIM = False
    [line] = ingest(tmp_path, _altered(_signed(_reply(resolved, contact_a), keys[0])))
    assert line["status"] == "appended" and fake_dns.asked == []


def test_a_webhook_message_is_not_checked(resolved, contact_a, keys, fake_dns):
    """The provider's webhook rebuilds the message, so a signature could not match what we store."""
    stored = store_raw(_altered(_signed(_reply(resolved, contact_a), keys[0])), source=InboundSource.WEBHOOK)
    result = process_inbound(stored.mail.pk)
    assert result.mail.outcome == "appended" and fake_dns.asked == []


def test_key_records_are_cached_per_process(resolved, contact_a, keys, fake_dns):
    signed = _signed(_reply(resolved, contact_a), keys[0])
    assert dkimcheck.check(signed, "example.com").verdict == dkimcheck.PASS
    assert dkimcheck.check(signed, "example.com").verdict == dkimcheck.PASS
    assert fake_dns.asked == ["s2026._domainkey.example.com"]


@pytest.mark.parametrize(
    ("signing", "sender", "expected"),
    [
        ("example.com", "example.com", True),
        ("EXAMPLE.COM.", "example.com", True),
        ("example.com", "mail.example.com", True),
        ("mail.example.com", "example.com", True),
        ("a.example.com", "b.example.com", False),  # siblings: would need the Public Suffix List
        ("attacker.com.vn", "victim.com.vn", False),  # what "the last two labels" would wrongly align
        ("com.vn", "victim.com.vn", True),  # only the registry could publish a key there
        ("notexample.com", "example.com", False),
        ("com", "example.com", False),
        ("", "example.com", False),
    ],
)
def test_alignment(signing, sender, expected):
    assert dkimcheck.aligned(signing, sender) is expected
