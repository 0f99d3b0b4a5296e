"""Every URL of the product is classified here, and its classification is enforced.

The list of URLs is read from the resolver, so a new view that nobody classified
fails this test: each view must be a deliberate choice of who really reaches it: anyone, holders of a
guest link, signed-in customers, signed-in customers or guest-link holders, bearers of a
token, or agents only (DESIGN.md: access). Each class is checked from both sides: who is
kept out, and who gets in.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import upload
from hotro.desk import services
from hotro.satisfaction.links import rating_token

# Pages anyone may open; each has its own behaviour tests in its app.
PUBLIC = {
    "set_language",
    "accounts:login",
    "accounts:logout",
    # The second step of a staff sign-in: without a sign-in halfway done (or, for the set-up page, a signed-in
    # staff member) they send the visitor to the sign-in page (hotro/accounts/tests/test_two_factor_http.py).
    "accounts:two_factor_verify",
    "accounts:two_factor_enrol",
    "accounts:signup",
    "accounts:verify_email",
    "accounts:set_language",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "portal:home",
    "portal:hours",
    "portal:ticket_new",
    "portal:ticket_sent",
    # Inbound mail webhooks authenticate by the provider's signature (checked in hotro/mail/tests).
    "mail:mailgun_inbound",
    "mail:mailgun_inbound_mime",
    "mail:postmark_inbound",
    # SMS gateway webhooks authenticate by their signature (checked in hotro/phone/tests).
    "phone:twilio_inbound",
    "phone:twilio_status",
    "phone:generic_inbound",
    "phone:call_event",
    # Health probes for load balancers and monitoring: JSON, no data (checked in hotro/ops/tests).
    "ops:healthz",
    "ops:readyz",
    # The chat widget's loader: any website includes it (hotro/chat/tests).
    "chat:widget_js",
    # The REST API's OpenAPI document (no data), and its root, a 404 (hotro/api/tests).
    "api:openapi-json",
    "api:api-root",
}
# Read by Prometheus with a bearer token or from an allowed address; everyone else gets 404 or 403, signed in
# or not (checked in hotro/ops/tests/test_metrics.py).
TOKEN_ONLY = {"ops:metrics"}
# The REST API: a bearer token or a 401 problem, whatever the session (hotro/api/tests/test_auth.py).
TOKEN_ONLY |= {
    f"api:{name}"
    for name in (
        "tickets",
        "ticket_open",
        "ticket",
        "ticket_sla",
        "ticket_reply",
        "ticket_note",
        "ticket_assign",
        "ticket_status",
        "ticket_priority",
        "ticket_transfer",
        "contact_find",
        "contacts",
        "departments",
        "department",
        "services",
        "service_list",
        "service",
    )
}
# The billing system's upsert: bearer token only, 404 until one is configured (hotro/catalog/tests/test_endpoint.py).
TOKEN_ONLY |= {"catalog:instance_upsert"}
# Holders of a guest link: the signed token in the path is the key, with or without an account; a forged or
# revoked one is a 404 (checked below, and in hotro/portal/tests/test_guest_access.py).
GUEST_LINK = {
    "portal:guest_ticket",
    "portal:guest_ticket_reply",
    "portal:guest_ticket_close",
    "portal:guest_ticket_reopen",
    # Asks for a fresh link to the ticket's own address when the link has expired; rate-limited, says the same
    # whatever happens.
    "portal:guest_ticket_renew",
    # Reveals a secret an agent sent the guest (hotro/vault/tests/test_reveal.py); POST only, never cached.
    "portal:guest_ticket_secret",
    # The ticket page's satisfaction box (hotro/satisfaction/tests/test_portal_box.py).
    "portal:guest_ticket_rate",
}
# Holders of a satisfaction link from a resolution email: its own signed token (not a guest link: it opens no
# ticket page); a forged or tampered one is a 404 (checked below, and in hotro/satisfaction/tests).
RATING_LINK = {"portal:rate"}
# Signed-in customers only; an anonymous visitor is sent to sign in.
SIGNED_IN = {
    "accounts:profile",
    "accounts:resend_verification",
    "portal:ticket_list",
    "portal:ticket_detail",
    "portal:ticket_reply",
    "portal:ticket_close",
    "portal:ticket_reopen",
    "portal:ticket_secret",  # a secret an agent sent them (hotro/vault/tests/test_reveal.py)
    "portal:ticket_rate",
}
# Signed-in customers who may read the ticket, or anyone holding its guest link (``?t=<token>``): a ticket's
# files are downloaded from both pages (hotro/portal/tests/test_attachments.py).
SIGNED_IN_OR_GUEST_LINK = {"portal:attachment"}
AGENTS_ONLY_PREFIXES = ("console:",)
AGENTS_ONLY = {"mail:raw_message", "phone:calls", "chat:console", "chat:transcript"}
AGENTS_ONLY |= {"api_docs", "api_tokens:list", "api_tokens:revoke"}  # hotro/api/tests/test_pages.py
AGENTS_ONLY |= {"mail:held_message"}  # hotro/mail/tests/test_ingest_authentication.py

SAMPLE_ARGS = {"number": "CM-000001", "slug": "technical", "pk": "1", "token": "bad-token", "uidb64": "MQ"}


def named_patterns(patterns=None, namespace: str = "") -> list[tuple[str, list[str]]]:
    found = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin has its own staff check (hotro/core/tests/test_admin.py)
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else pattern.namespace or namespace
            )
            found += named_patterns(pattern.url_patterns, inner or "")
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            found.append((name, list(pattern.pattern.regex.groupindex)))
    return found


def url_for(name: str, params: list[str]) -> str:
    return reverse(name, kwargs={p: SAMPLE_ARGS.get(p, "x") for p in params})


def is_agents_only(name: str) -> bool:
    return name.startswith(AGENTS_ONLY_PREFIXES) or name in AGENTS_ONLY


CLASSES = {
    "PUBLIC": PUBLIC,
    "GUEST_LINK": GUEST_LINK,
    "RATING_LINK": RATING_LINK,
    "SIGNED_IN": SIGNED_IN,
    "SIGNED_IN_OR_GUEST_LINK": SIGNED_IN_OR_GUEST_LINK,
    "TOKEN_ONLY": TOKEN_ONLY,
    "AGENTS_ONLY": AGENTS_ONLY,
}
CLASSIFIED = set().union(*CLASSES.values())


def test_every_url_is_classified():
    unclassified = [name for name, _ in named_patterns() if name not in CLASSIFIED and not is_agents_only(name)]
    assert unclassified == [], f"classify these views in {__file__}: {unclassified}"


def test_each_url_is_in_one_class_and_each_class_names_real_urls():
    names = {name for name, _ in named_patterns()}
    for label, members in CLASSES.items():
        assert members <= names, (label, members - names)
        for other, others in CLASSES.items():
            assert other == label or not members & others, (label, other, members & others)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "params"), [p for p in named_patterns() if p[0] not in PUBLIC])
def test_anonymous_visitors_are_sent_to_sign_in_or_told_nothing(name, params):
    url = url_for(name, params)
    for method in ("get", "post"):
        response = getattr(Client(), method)(url)
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"], (method, url, response["Location"])
        else:
            assert response.status_code in (401, 403, 404, 405), (method, url, response.status_code)


@pytest.mark.parametrize(
    ("name", "params"), [p for p in named_patterns() if is_agents_only(p[0]) or p[0] in TOKEN_ONLY]
)
def test_customers_never_reach_agent_pages(name, params, client_for, customer_a, contact_a, make_ticket):
    make_ticket(contact_a)  # CM-000001 exists and is customer A's own ticket
    client = client_for(customer_a)
    url = url_for(name, params)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in (401, 403, 404, 405), (method, url, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(GUEST_LINK))
def test_a_forged_guest_token_is_a_404(name):
    url = reverse(name, kwargs={"token": "forged.token:value"})
    assert Client().get(url).status_code in (404, 405)
    assert Client().post(url).status_code == 404


def _reaches(response) -> bool:
    """The view answered the caller itself: not a 404, a refusal or a way to the sign-in page."""
    if response.status_code == 302:
        return "/accounts/login/" not in response["Location"]
    return response.status_code not in (401, 403, 404)


@pytest.mark.parametrize("name", sorted(GUEST_LINK))
def test_guest_link_holders_reach_guest_pages_without_an_account(name, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    url = reverse(name, kwargs={"token": services.guest_token(ticket, contact_a)})
    method = "get" if name == "portal:guest_ticket" else "post"
    response = getattr(Client(), method)(url, {"body": "Cảm ơn."} if name.endswith("reply") else {})
    assert _reaches(response), (name, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(RATING_LINK))
def test_a_forged_rating_token_is_a_404(name):
    url = reverse(name, kwargs={"token": "forged.token:value"})
    assert Client().get(url).status_code == 404
    assert Client().post(url, {"score": "good"}).status_code == 404


@pytest.mark.parametrize("name", sorted(RATING_LINK))
def test_rating_link_holders_reach_rating_pages_without_an_account(name, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    assert _reaches(Client().get(reverse(name, kwargs={"token": rating_token(ticket)})))


@pytest.mark.parametrize("name", sorted(SIGNED_IN))
def test_signed_in_customers_reach_their_pages(name, client_for, customer_a, contact_a, make_ticket):
    ticket = make_ticket(contact_a)  # customer A's own ticket, for the pages that name one
    params = next(p for n, p in named_patterns() if n == name)
    url = reverse(name, kwargs={"number": ticket.number} if params else {})
    method = "post" if name.endswith(("_reply", "_close", "_reopen", "resend_verification")) else "get"
    response = getattr(client_for(customer_a), method)(url, {"body": "Cảm ơn."} if name.endswith("reply") else {})
    assert _reaches(response), (name, response.status_code)


@pytest.mark.parametrize("name", sorted(SIGNED_IN_OR_GUEST_LINK))
def test_files_are_reached_signed_in_or_with_the_tickets_guest_link_only(
    name, client_for, customer_a, customer_b, contact_a, contact_b, make_ticket
):
    ticket = make_ticket(contact_a, attachments=[upload("dmesg.txt")])
    other = make_ticket(contact_b)
    url = reverse(name, kwargs={"pk": ticket.attachments.get().pk})
    assert client_for(customer_a).get(url).status_code == 200  # signed in, the requester
    assert Client().get(url, {"t": services.guest_token(ticket, contact_a)}).status_code == 200  # the guest link
    assert Client().get(url).status_code == 404
    assert client_for(customer_b).get(url).status_code == 404
    assert Client().get(url, {"t": services.guest_token(other, contact_b)}).status_code == 404  # another ticket's
