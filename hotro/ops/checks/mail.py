"""The mail channel's checks: the SMTP server, and each IMAP mailbox (its recorded state, and a sign-in)."""

from __future__ import annotations

import contextlib
import smtplib
import ssl

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotro.mail.imap import connect
from hotro.mail.models import Mailbox
from hotro.ops.checks import Result, register

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def smtp_session() -> str:
    """Connect, EHLO, STARTTLS when asked, sign in when credentials are set; what the server said."""
    host, port, timeout = settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT
    context = ssl.create_default_context()
    client: smtplib.SMTP = (
        smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        if settings.EMAIL_USE_SSL
        else smtplib.SMTP(host, port, timeout=timeout)
    )
    try:
        code, _banner = client.ehlo()
        if code != 250:
            raise smtplib.SMTPResponseException(code, b"EHLO refused")
        if settings.EMAIL_USE_TLS:
            client.starttls(context=context)
            client.ehlo()
        signed_in = ""
        if settings.EMAIL_HOST_USER:
            client.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
            signed_in = f", signed in as {settings.EMAIL_HOST_USER}"
        return f"{host}:{port} answered EHLO{signed_in}"
    finally:
        with contextlib.suppress(Exception):
            client.quit()


@register(
    "smtp",
    _("Outgoing mail server (SMTP)"),
    _(
        "The SMTP server cannot be reached or refuses to sign in: check EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS "
        "and the credentials. Mail waits in the outbox meanwhile and nothing is lost."
    ),
    deep=True,
)
def smtp() -> Result:
    if settings.EMAIL_BACKEND != SMTP_BACKEND:
        return Result("smtp", True, f"not sent over SMTP ({settings.EMAIL_BACKEND})")
    try:
        return Result("smtp", True, smtp_session())
    except (OSError, smtplib.SMTPException) as error:
        return Result("smtp", False, f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}: {type(error).__name__}: {error}")


MAILBOX_REMEDY = _(
    "The mailbox cannot be read: check its host, user and password (or OAuth2 consent) in the admin under "
    "Mailboxes. Its mail waits on the server and is fetched once it works again."
)


@register("mailboxes", _("Mailboxes"), MAILBOX_REMEDY)
def mailboxes() -> list[Result]:
    """What the last polls recorded: cheap enough for the status page."""
    boxes = list(Mailbox.objects.filter(active=True).order_by("name"))
    if not boxes:
        return [Result("mailboxes", True, "no IMAP mailbox configured")]
    results = []
    for box in boxes:
        if box.failing_since is not None:
            since = timezone.localtime(box.failing_since).strftime("%Y-%m-%d %H:%M")
            detail = f"failing since {since}: {box.last_error.splitlines()[0][:200] if box.last_error else '?'}"
            results.append(Result(f"mailbox:{box.name}", False, detail, box.last_success_at))
        elif box.token_expiring:
            results.append(
                Result(f"mailbox:{box.name}", False, "OAuth2 refresh token expires soon", box.last_success_at)
            )
        else:
            detail = "read" if box.last_success_at else "not polled yet"
            results.append(Result(f"mailbox:{box.name}", True, detail, box.last_success_at))
    return results


@register("imap", _("Mailbox sign-in (IMAP)"), MAILBOX_REMEDY, deep=True)
def imap() -> list[Result]:
    """Sign in to each active mailbox now, as the poll does."""
    boxes = list(Mailbox.objects.filter(active=True).order_by("name"))
    if not boxes:
        return [Result("imap", True, "no IMAP mailbox configured")]
    results = []
    for box in boxes:
        try:
            client = connect(box)
        except Exception as error:
            detail = f"{box.username}@{box.host}:{box.port}: {type(error).__name__}: {error}"[:300]
            results.append(Result(f"imap:{box.name}", False, detail))
            continue
        with contextlib.suppress(Exception):
            client.logout()
        results.append(Result(f"imap:{box.name}", True, f"signed in as {box.username} at {box.host}:{box.port}"))
    return results
