"""DKIM verification (RFC 6376) of a raw message, for mail that arrives with no trusted
``Authentication-Results`` header (issue #14, finding 2).

Our own MTA's results come first (``authresults``); this is the fallback when no MTA of ours
checked the mail. The cryptography and canonicalisation are dkimpy's (a maintained library);
what is decided here is what a result means for a reply in a customer's name:

- ``pass``: a signature verified and its ``d=`` domain is aligned with the From domain;
- ``fail``: an aligned signature was checked against the key its domain publishes and did not
  match (body changed after signing, forged signature): somebody other than the signer wrote it;
- ``temperror``: an aligned signature's key could not be fetched (DNS timeout, SERVFAIL): nothing is
  known, the mail must not be held for our DNS trouble;
- ``none``: no signature, only signatures of other domains, or ones that cannot be checked (no key
  published, malformed or expired signature, key too short, unsupported algorithm).

Alignment: the signing domain equals the From domain, or one is a subdomain of the other
(``d=example.com`` for ``khach@mail.example.com`` and the other way round). DMARC's relaxed alignment
compares organisational domains, which needs the Public Suffix List; "the last two labels" would make
``attacker.com.vn`` align with ``victim.com.vn``, and ``.com.vn`` addresses are everyday mail here.
Parent and child need no list: publishing a key under a domain takes control of that domain's DNS,
so only siblings (``d=a.example.com`` for ``@b.example.com``) are not counted as aligned: stricter,
never looser, than DMARC.

Never raises: whatever dkimpy or DNS does, the answer is one of the four verdicts.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dkim
import dns.exception
import dns.resolver

PASS = "pass"  # noqa: S105 - a verification result, not a password
FAIL = "fail"
TEMPERROR = "temperror"
NONE = "none"
_PERMERROR = "permerror"  # a signature that cannot be checked: counts as none

DNS_TIMEOUT_SECONDS = 2.0
# All the DNS one message may spend (several signatures, a slow resolver): processing waits for it.
DNS_BUDGET_SECONDS = 4.0
# Signatures looked at per message: a real mail carries one to three (author, ESP, list).
MAX_SIGNATURES = 5
MIN_KEY_BITS = 1024

# Per-process cache of key records: {name: (expires at (monotonic), record or None)}.
_CACHE_SIZE = 2048
_MISSING_TTL = 300.0  # no key published: asked again after five minutes
_MIN_TTL, _MAX_TTL = 60.0, 3600.0
_cache: dict[str, tuple[float, bytes | None]] = {}

_HEADER_END = re.compile(rb"\r?\n\r?\n")
_SIGNATURE_FIELD = re.compile(rb"^dkim-signature[ \t]*:", re.IGNORECASE | re.MULTILINE)

logger = logging.getLogger(__name__)


class DnsUnavailable(Exception):
    """The key could not be fetched (timeout, SERVFAIL, no resolver): a temporary error.

    Raised through dkimpy on purpose: dkimpy turns its own DNS timeout into "signature invalid".
    """


@dataclass(frozen=True)
class DkimResult:
    verdict: str  # PASS, FAIL, TEMPERROR or NONE
    domain: str = ""  # the d= of the signature that decided it ("" for none)
    detail: str = ""  # every signature looked at and its result, for the log


def aligned(signing_domain: str, from_domain: str) -> bool:
    """The same domain, or one a subdomain of the other (see the module's docstring for why)."""
    d, f = _domain(signing_domain), _domain(from_domain)
    if not d or not f or "." not in d or "." not in f:
        return False
    return d == f or f.endswith("." + d) or d.endswith("." + f)


def check(raw_bytes: bytes, from_domain: str, *, dnsfunc: Callable[..., bytes | None] | None = None) -> DkimResult:
    """Verify the message's DKIM-Signatures (at most ``MAX_SIGNATURES``) against ``from_domain``.

    ``dnsfunc`` is dkimpy's TXT look-up (``name: bytes, timeout=…`` → record or None); the default
    is ``lookup_txt`` (dnspython, short timeout, cached per process).
    """
    try:
        return _check(raw_bytes, from_domain, dnsfunc or lookup_txt)
    except Exception:  # a bug here or in dkimpy must not stop intake: nothing is known
        logger.warning("DKIM verification failed unexpectedly", exc_info=True)
        return DkimResult(NONE, detail="verification error")


def _check(raw_bytes: bytes, from_domain: str, dnsfunc: Callable[..., bytes | None]) -> DkimResult:
    head = _HEADER_END.split(raw_bytes, maxsplit=1)[0]
    if not _SIGNATURE_FIELD.search(head):
        return DkimResult(NONE, detail="no signature")  # most mail: no need to have dkimpy parse it all
    try:
        signer = dkim.DKIM(raw_bytes, logger=_QUIET, minkey=MIN_KEY_BITS, timeout=DNS_TIMEOUT_SECONDS)
    except dkim.DKIMException:
        return DkimResult(NONE, detail="unreadable message")
    count = sum(1 for name, _value in signer.headers if name.lower() == b"dkim-signature")
    if not count:
        return DkimResult(NONE, detail="no signature")
    deadline = time.monotonic() + DNS_BUDGET_SECONDS

    def budgeted(name: bytes, timeout: float = DNS_TIMEOUT_SECONDS) -> bytes | None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise DnsUnavailable("DNS time for this message used up")
        return dnsfunc(name, timeout=min(timeout, left))

    found: dict[str, str] = {}  # verdict -> the first domain with it, among aligned signatures
    others: list[str] = []
    for index in range(min(count, MAX_SIGNATURES)):
        verdict, domain, why = _one(signer, index, budgeted)
        if domain and aligned(domain, from_domain):
            found.setdefault(verdict, domain)
        others.append(f"{domain or '?'}: {verdict}{f' ({why})' if why else ''}")
    detail = "; ".join(others)
    # An aligned pass wins; then "cannot tell" (a key we could not fetch might have passed); then fail.
    for verdict in (PASS, TEMPERROR, FAIL):
        if verdict in found:
            if verdict != PASS:
                logger.info("DKIM %s for From domain %s: %s", verdict, from_domain, detail)
            return DkimResult(verdict, found[verdict], detail)
    return DkimResult(NONE, detail=detail)


def _one(signer: Any, index: int, dnsfunc: Callable[..., bytes | None]) -> tuple[str, str, str]:
    """(verdict, d= domain, why) of the signature at ``index``."""
    signer.pk = None  # set by dkimpy once the key is fetched and parsed: tells "fail" from "cannot check"
    signer.domain = None
    why = ""
    try:
        valid = bool(signer.verify(idx=index, dnsfunc=dnsfunc))
    except DnsUnavailable as exc:
        return TEMPERROR, _text(signer.domain), str(exc)
    except dkim.KeyFormatError as exc:  # key too short or unusable
        return _PERMERROR, _text(signer.domain), str(exc)[:120]
    except dkim.DKIMException as exc:  # body hash mismatch (key fetched) or a malformed signature (not)
        valid, why = False, str(exc)[:120]
    domain = _text(signer.domain)
    if valid:
        return PASS, domain, ""
    if signer.pk is None:
        return _PERMERROR, domain, why or "no usable key"
    return FAIL, domain, why or "signature does not match"


def lookup_txt(name: bytes, timeout: float = DNS_TIMEOUT_SECONDS) -> bytes | None:
    """dkimpy's ``dnsfunc``: the TXT record at ``name`` (None if there is none), cached per process.

    A timeout or a server failure raises ``DnsUnavailable`` (temporary, never cached).
    """
    try:
        key = name.decode("ascii").lower().rstrip(".")
    except UnicodeDecodeError:
        return None
    now = time.monotonic()
    cached = _cache.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    record, ttl = _query(key, min(timeout, DNS_TIMEOUT_SECONDS))
    if len(_cache) >= _CACHE_SIZE:
        _cache.pop(next(iter(_cache)), None)  # the oldest entry
    _cache[key] = (now + ttl, record)
    return record


def _query(name: str, timeout: float) -> tuple[bytes | None, float]:
    """(the record or None, how long to keep the answer) straight from DNS."""
    try:
        answer = dns.resolver.resolve(name, "TXT", lifetime=timeout, raise_on_no_answer=False, search=False)
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return None, _MISSING_TTL
    except dns.exception.DNSException as exc:  # Timeout, NoNameservers (SERVFAIL), no resolver configured
        raise DnsUnavailable(type(exc).__name__) from exc
    except Exception as exc:  # the resolver itself broke (a bug, an OS error): still "cannot tell"
        logger.warning("DNS look-up of %s failed unexpectedly", name, exc_info=True)
        raise DnsUnavailable(type(exc).__name__) from exc
    if answer.rrset is None:
        return None, _MISSING_TTL
    records = [b"".join(rdata.strings) for rdata in answer.rrset]
    record = next((r for r in records if b"p=" in r), records[0] if records else None)
    return record, max(_MIN_TTL, min(_MAX_TTL, float(answer.rrset.ttl)))


def clear_cache() -> None:
    """Forget every cached key record (tests; a key just rotated)."""
    _cache.clear()


def _domain(value: str) -> str:
    value = value.strip().lower().rstrip(".")
    try:
        return value.encode("idna").decode("ascii")
    except UnicodeError:
        return value


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("ascii", "replace").lower()
    return str(value or "").lower()


class _Quiet(logging.LoggerAdapter[logging.Logger]):
    """dkimpy logs every unverifiable signature at ERROR; strangers' broken mail is not our error."""

    def log(self, level: int, msg: object, *args: Any, **kwargs: Any) -> None:
        super().log(logging.DEBUG, msg, *args, **kwargs)


_QUIET = _Quiet(logger, {})
