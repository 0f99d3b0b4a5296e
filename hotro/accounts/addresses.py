"""Is an address one we could ever deliver to? A check for forms where a customer types their own.

Django's ``EmailValidator`` accepts ``an@localhost`` (its domain allow-list) and any
one-label domain literal; a desk that answers by email must refuse what no mail server
on the internet delivers: hosts without a dot, and the names reserved for local or test
use (RFC 2606, RFC 6761, RFC 6762, ICANN's ``.internal``). ``.example`` stays accepted: the
provider's demo data and its test suite use it.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

# Whole domains and suffixes no public mail server answers for.
LOCAL_ONLY = ("localhost", "localdomain", "local", "invalid", "test", "internal", "lan", "home.arpa", "onion")

UNDELIVERABLE = _(
    "Enter an email address on the internet, like name@example.com: %(domain)s only works inside one network."
)


def undeliverable_domain(address: str) -> str | None:
    """The domain of ``address`` when no mail can reach it from outside; None when it looks deliverable."""
    domain = address.rpartition("@")[2].strip().rstrip(".").lower()
    if not domain:
        return None  # the syntax check says what is wrong
    if domain.startswith("[") or "." not in domain:
        return domain  # an IP literal or a single label (a host on one network)
    if domain.rsplit(".", 1)[1].isdigit():
        return domain  # a bare IPv4 address
    if any(domain == suffix or domain.endswith("." + suffix) for suffix in LOCAL_ONLY):
        return domain
    return None


def validate_deliverable_email(value: str) -> None:
    validate_email(value)
    domain = undeliverable_domain(value)
    if domain is not None:
        raise ValidationError(UNDELIVERABLE, code="undeliverable", params={"domain": domain})


class DeliverableEmailField(forms.EmailField):
    """An ``EmailField`` that also refuses local-only domains (``an@localhost``, ``x@printer.local``)."""

    default_validators = [validate_deliverable_email]
