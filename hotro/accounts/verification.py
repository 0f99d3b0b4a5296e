"""Proving a customer owns their email address (P1: the address is their identity).

The link carries a signed token (``django.core.signing``) naming the account and
the address it was sent to, so a link stops working when the address changes,
and expires after ``VERIFY_MAX_AGE``. Nothing is stored: the signature is the proof.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.accounts.services import AccountError, contact_for_user
from hotro.core.links import absolute_url
from hotro.core.outbound import queue_outbound

VERIFY_SALT = "hotro.accounts.verify-email"
VERIFY_MAX_AGE = timedelta(days=3)


def verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT, compress=True)


def verification_url(user: User) -> str:
    return absolute_url("accounts:verify_email", verification_token(user))


def user_for_token(token: str) -> User:
    """The account a still-valid link was sent to; a bad, old or outdated link is an ``AccountError``."""
    try:
        payload = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
        user = User.objects.get(pk=int(payload["u"]))
    except signing.SignatureExpired:
        raise AccountError(_("This link has expired. Sign in and ask for a new one.")) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError, User.DoesNotExist):
        raise AccountError(_("This link is not valid.")) from None
    if payload.get("e") != user.email:
        raise AccountError(_("This link is not valid."))
    return user


def send_verification_email(user: User) -> None:
    """Queue the verification mail in the caller's transaction (it leaves only if the caller commits)."""
    queue_outbound(
        channel="email",
        to=user.email,
        kind="accounts/verify_email",
        context={"user": user, "verify_url": verification_url(user), "max_age_days": VERIFY_MAX_AGE.days},
        language=user.language,
        time_zone=user.timezone,
    )


@transaction.atomic
def verify_email(token: str) -> User:
    """Mark the address of the link's account as verified; following a link twice is harmless."""
    user = user_for_token(token)
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified"])
    contact_for_user(user)  # the proven address's tickets become the account's
    return user
