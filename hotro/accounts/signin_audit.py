"""The sign-in audit trail: every sign-in, failure, lockout, second-factor event, password change and session end.

Most rows come from signals, so every way in is covered without each view remembering to log:
Django's ``user_logged_in`` / ``user_login_failed`` / ``user_logged_out`` (the sign-in page, the
admin's, the code step), django-axes' ``user_locked_out`` and our ``password_changed``. The
second-factor steps call ``record`` themselves. A row is written in the request's transaction
(or on its own): an attempt is logged whether or not it succeeded.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.http import HttpRequest

from hotro.accounts.models import SignInEvent, SignInEventKind, User, normalise_email

# What a view sets on the request before ``logout()`` so the audit says why the session ended.
LOGOUT_REASON_ATTRIBUTE = "hotro_logout_reason"
# Credentials carrying this key are a wrong second-factor code sent through ``user_login_failed``
# (so django-axes counts it like a wrong password); the code step records its own, clearer row.
SECOND_FACTOR_MARK = "second_factor"


def client_address(request: HttpRequest | None) -> str | None:
    """The visitor's address as the server saw it (``REMOTE_ADDR``, set from the proxy by the server), if valid."""
    raw = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def record(
    event: SignInEventKind | str,
    request: HttpRequest | None = None,
    *,
    user: User | None = None,
    username: str = "",
    actor: User | None = None,
) -> SignInEvent:
    """Write one audit row; the address and browser come from the request when there is one."""
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    return SignInEvent.objects.create(
        user=user,
        username=(username or (user.email if user is not None else ""))[:254],
        event=event,
        ip_address=client_address(request),
        user_agent=str(agent)[:300],
        actor=actor,
    )


def _account(value: object) -> User | None:
    return value if isinstance(value, User) and value.pk is not None else None


def on_logged_in(sender: object, request: HttpRequest | None, user: object, **kwargs: Any) -> None:
    account = _account(user)
    if account is not None:
        record(SignInEventKind.SIGNED_IN, request, user=account)


def on_login_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if credentials.get(SECOND_FACTOR_MARK) or getattr(request, "axes_locked_out", False):
        return  # the code step records its own row; a refusal during a lockout is recorded as the lockout
    tried = normalise_email(str(credentials.get("username") or ""))
    record(SignInEventKind.FAILED, request, user=User.objects.filter(email=tried).first(), username=tried)


def on_logged_out(sender: object, request: HttpRequest | None, user: object, **kwargs: Any) -> None:
    account = _account(user)
    if account is None:
        return
    reason = getattr(request, LOGOUT_REASON_ATTRIBUTE, SignInEventKind.SIGNED_OUT)
    record(reason, request, user=account)


def on_locked_out(sender: object, request: HttpRequest | None, username: str | None = None, **kwargs: Any) -> None:
    tried = normalise_email(username or "")
    record(SignInEventKind.LOCKED_OUT, request, user=User.objects.filter(email=tried).first(), username=tried)


def on_password_changed(sender: object, user: User, **kwargs: Any) -> None:
    # The reset view says so on the account it saves (and which request did it); other changes are plain.
    reason = getattr(user, "password_change_reason", SignInEventKind.PASSWORD_CHANGED)
    record(reason, getattr(user, "password_change_request", None), user=user)


def connect() -> None:
    """Listen to the sign-in signals (called once, from the app's ``ready``)."""
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    from hotro.accounts.signals import password_changed

    user_logged_in.connect(on_logged_in, dispatch_uid="hotro.signin_audit.logged_in")
    user_login_failed.connect(on_login_failed, dispatch_uid="hotro.signin_audit.login_failed")
    user_logged_out.connect(on_logged_out, dispatch_uid="hotro.signin_audit.logged_out")
    user_locked_out.connect(on_locked_out, dispatch_uid="hotro.signin_audit.locked_out")
    password_changed.connect(on_password_changed, dispatch_uid="hotro.signin_audit.password_changed")
