"""Test helpers for the second factor: a code as the authenticator app would show it, and an enrolled account."""

from __future__ import annotations

import time

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hotro.accounts import two_factor
from hotro.accounts.models import User


def code_for(device: TOTPDevice) -> str:
    """The app's current code, or the next step's when the current one was already used (each is accepted once)."""
    device.refresh_from_db()
    now_step = int((time.time() - device.t0) // device.step)
    ahead = max(0, device.last_t + 1 - now_step - device.drift)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead):0{device.digits}d}"


def enrol(user: User) -> tuple[TOTPDevice, list[str]]:
    """Set up an authenticator for ``user`` through the service, as the set-up page does."""
    device = two_factor.pending_device(user)
    codes = two_factor.confirm_enrolment(user, code_for(device))
    device.refresh_from_db()
    return device, codes
