"""Two-factor sign-in for staff: who must have it, enrolment, checking a code, and the administrators' reset.

The second factor is a TOTP authenticator (django-otp's ``TOTPDevice``: a code every 30 seconds,
each accepted once) plus ten one-time recovery codes, kept only as SHA-256 digests. Which roles
must have one is ``HOTRO_2FA_REQUIRED_ROLES`` (administrators and supervisors by default); any
staff member who set one up is asked for it too.

Wrong codes are counted by django-axes like wrong passwords (the code step sends
``user_login_failed``): ten of either lock the account out for the cool-off time.
"""

from __future__ import annotations

import hashlib
import secrets
from base64 import b32encode
from enum import StrEnum

import segno
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from hotro.accounts import signin_audit
from hotro.accounts.models import RecoveryCode, SignInEventKind, User
from hotro.accounts.services import AccountError
from hotro.accounts.staff import staff_role

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: a code copied from paper is read back unambiguously. 31 symbols, 10 of them: ~49.5 bits.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 10
DEVICE_NAME = "authenticator"


class Step(StrEnum):
    """What a staff member who gave the right password must still do before the session starts."""

    VERIFY = "verify"  # enter a code from the authenticator (or a recovery code)
    ENROL = "enrol"  # set up an authenticator first: their role requires one and they have none


def required_roles() -> set[str]:
    return set(settings.HOTRO_2FA_REQUIRED_ROLES)


def is_required(user: User) -> bool:
    """Must this account have a second factor? Staff in a role named by ``HOTRO_2FA_REQUIRED_ROLES``."""
    role = staff_role(user)
    return role is not None and role in required_roles()


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_step(user: User) -> Step | None:
    """After the right password: ask for a code, force enrolment, or nothing (customers, agents not required)."""
    if has_second_factor(user):
        return Step.VERIFY
    if is_required(user):
        return Step.ENROL
    return None


# Enrolment


def pending_device(user: User) -> TOTPDevice:
    """The authenticator being set up: the same secret until confirmed, so reloading the page keeps the QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it typed in (base32, in groups of four)."""
    raw = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` address as an inline SVG QR code (no image request, nothing to allow in the CSP)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=5, title=_("QR code to scan")))


@transaction.atomic
def confirm_enrolment(user: User, code: str, request: HttpRequest | None = None) -> list[str]:
    """The first code from the new authenticator proves it was set up: it becomes the account's second
    factor, and ten new recovery codes are returned (to show once; only their digests are kept)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        raise AccountError(_("Start again: this set-up is no longer pending."), field="code")
    if not _looks_like_totp(code) or not device.verify_token(_compact(code)):
        raise AccountError(
            _("This code is not right. Check the time on your phone and try the next code."), field="code"
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = replace_recovery_codes(user)
    signin_audit.record(SignInEventKind.TWO_FACTOR_ENROLLED, request, user=user)
    return codes


# Recovery codes


def _compact(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _looks_like_totp(code: str) -> bool:
    compact = _compact(code)
    return compact.isdigit() and len(compact) == 6


def _digest(code: str) -> str:
    return hashlib.sha256(_compact(code).encode("ascii", "replace")).hexdigest()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def replace_recovery_codes(user: User) -> list[str]:
    """Ten fresh one-time codes; the old ones stop working."""
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, digest=_digest(code)) for code in codes])
    return codes


def remaining_recovery_codes(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def _use_recovery_code(user: User, code: str) -> bool:
    """Spend one unused code (a conditional update: two requests cannot both spend it)."""
    compact = _compact(code)
    if len(compact) != RECOVERY_LENGTH or not set(compact) <= set(RECOVERY_ALPHABET):
        return False
    spent = RecoveryCode.objects.filter(user=user, digest=_digest(compact), used_at__isnull=True)
    return spent.update(used_at=timezone.now()) == 1


# Signing in


def check_code(user: User, code: str, request: HttpRequest | None = None) -> bool:
    """A code from the authenticator, or an unused recovery code: True when accepted. Audited either way."""
    accepted: SignInEventKind | None = None
    if _looks_like_totp(code):
        device = confirmed_device(user)
        if device is not None and device.verify_token(_compact(code)):
            accepted = SignInEventKind.TWO_FACTOR_USED
    elif _use_recovery_code(user, code):
        accepted = SignInEventKind.RECOVERY_CODE_USED
    signin_audit.record(accepted or SignInEventKind.TWO_FACTOR_FAILED, request, user=user)
    return accepted is not None


# The administrators' reset


@transaction.atomic
def reset_second_factor(user: User, *, by: User, request: HttpRequest | None = None) -> None:
    """Forget the account's authenticator and recovery codes (a lost phone), and end all its sessions.

    Its next sign-in asks for a new enrolment when its role requires one. The sessions end because the
    session generation is part of every session's hash (``User.get_session_auth_hash``). Callers decide
    who may do this (administrators: ``hotro.console.access.sees_system_status``, the admin's permissions).
    """
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    signin_audit.record(SignInEventKind.TWO_FACTOR_RESET, request, user=user, actor=by)


def enrolled_user_ids(user_ids: list[int]) -> set[int]:
    """Which of these accounts have a confirmed authenticator (one query, for a list of staff)."""
    found = TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True).values_list("user_id", flat=True)
    return set(found)
