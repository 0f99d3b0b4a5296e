"""IMAP polling: unseen mail in, raw bytes stored, and only then marked seen (or moved).

The order matters: the message is fetched with ``BODY.PEEK[]`` (which does not
set \\Seen), stored and committed, and only after the commit flagged. A crash
between the two leaves the message unseen, so the next poll fetches it again
and content-addressed storage turns the second copy into a no-op: nothing is
lost, nothing is doubled. Connection trouble is recorded on the mailbox and
the next poll backs off (doubling, up to a cap).

A mailbox signs in with its password, or with XOAUTH2 and an access token that
``hotro.mail.oauth`` keeps fresh (Microsoft 365 and Google Workspace take no
passwords over IMAP any more).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from hotro.env import EnvError, env_secret
from hotro.mail.intake.store import store_raw
from hotro.mail.models import InboundSource, Mailbox, MailboxAuth
from hotro.mail.oauth import REFRESH_MARGIN, OAuthError, access_token

logger = logging.getLogger(__name__)

BATCH = 25  # messages fetched per round trip; bounded memory for a mailbox that filled up during an outage
CONNECTION_ERRORS = (OSError, socket.timeout, ssl.SSLError, IMAPClientError)
# What a session with a mailbox may run into; recorded on the mailbox, never raised to the caller.
SESSION_ERRORS = (*CONNECTION_ERRORS, OAuthError, EnvError)


def mailbox_password(mailbox: Mailbox) -> str:
    """From the environment when ``password_env`` names a variable (or NAME_FILE); the stored one otherwise."""
    return env_secret(mailbox.password_env) if mailbox.password_env else mailbox.password


def _open(mailbox: Mailbox) -> IMAPClient:
    return IMAPClient(mailbox.host, port=mailbox.port, ssl=mailbox.use_ssl, timeout=settings.HOTRO_MAIL_IMAP_TIMEOUT)


def _login(mailbox: Mailbox, sign_in: Callable[[IMAPClient], object]) -> IMAPClient:
    """A connected client signed in by ``sign_in``; the socket is closed when signing in fails."""
    client = _open(mailbox)
    try:
        sign_in(client)
    except BaseException:
        with contextlib.suppress(Exception):
            client.shutdown()
        raise
    return client


def connect(mailbox: Mailbox) -> IMAPClient:
    """A signed-in client: password LOGIN, or XOAUTH2 with a fresh access token.

    An OAuth2 token the server refuses although it looked valid (revoked early,
    clocks apart) is replaced once, on a new connection: a failed AUTHENTICATE
    leaves some servers' sessions in a state not worth trusting.
    """
    if not mailbox.uses_oauth2:
        return _login(mailbox, lambda client: client.login(mailbox.username, mailbox_password(mailbox)))
    token = access_token(mailbox)
    try:
        return _login(mailbox, lambda client: client.oauth2_login(mailbox.username, token))
    except LoginError:
        if mailbox.oauth2_refreshed_at and mailbox.oauth2_refreshed_at >= timezone.now() - REFRESH_MARGIN:
            raise  # the token is brand new: the server, not the token, is the problem
        fresh = access_token(mailbox, refused=token)
        return _login(mailbox, lambda client: client.oauth2_login(mailbox.username, fresh))


def poll_mailbox(mailbox: Mailbox) -> int:
    """Fetch this mailbox's unseen messages into the pipeline; returns how many were stored.

    Errors are recorded on the mailbox (and logged), never raised: one broken
    mailbox must not stop the others.
    """
    stored = 0
    try:
        client = connect(mailbox)
        try:
            stored = fetch_unseen(client, mailbox)
        finally:
            with contextlib.suppress(Exception):  # the session is over either way
                client.logout()
    except SESSION_ERRORS as exc:
        record_failure(mailbox, f"{type(exc).__name__}: {exc}")
        return stored
    record_success(mailbox)
    return stored


def fetch_unseen(client: IMAPClient, mailbox: Mailbox) -> int:
    """Store the selected folder's unseen messages and mark them; the one fetch path of polling and IDLE."""
    client.select_folder(mailbox.folder)
    uids = client.search(["UNSEEN"])
    stored = 0
    for start in range(0, len(uids), BATCH):
        batch = uids[start : start + BATCH]
        fetched = client.fetch(batch, ["BODY.PEEK[]"])
        done = []
        for uid in batch:
            raw = (fetched.get(uid) or {}).get(b"BODY[]")
            if raw is None:
                continue
            with transaction.atomic():
                store_raw(
                    raw,
                    source=InboundSource.IMAP,
                    source_name=mailbox.name[:100],
                    mailbox=mailbox,
                    department=mailbox.department,
                )
            done.append(uid)  # committed: safe to mark
            stored += 1
        if done:
            _mark_done(client, mailbox, done)
    return stored


def _mark_done(client: IMAPClient, mailbox: Mailbox, uids: list[int]) -> None:
    if mailbox.processed_folder:
        if client.has_capability("MOVE"):
            client.move(uids, mailbox.processed_folder)
            return
        client.copy(uids, mailbox.processed_folder)
        client.add_flags(uids, [b"\\Deleted", b"\\Seen"])
        if client.has_capability("UIDPLUS"):
            client.uid_expunge(uids)
        else:
            client.expunge()
        return
    client.add_flags(uids, [b"\\Seen"])


def backoff(failures: int) -> timedelta:
    base = settings.HOTRO_MAIL_POLL_SECONDS
    return timedelta(seconds=min(base * 2 ** max(failures - 1, 0), settings.HOTRO_MAIL_POLL_MAX_BACKOFF_SECONDS))


def record_failure(mailbox: Mailbox, error: str) -> None:
    """Note the error, start (or continue) the failure spell and push the next poll back."""
    logger.warning("mailbox %s: %s", mailbox.name, error)
    now = timezone.now()
    mailbox.consecutive_failures += 1
    mailbox.last_error = error[:2000]
    mailbox.last_error_at = now
    mailbox.failing_since = mailbox.failing_since or now
    mailbox.next_poll_at = now + backoff(mailbox.consecutive_failures)
    mailbox.save(update_fields=["consecutive_failures", "last_error", "last_error_at", "failing_since", "next_poll_at"])


def record_success(mailbox: Mailbox) -> None:
    """The mailbox was read: the failure spell, if any, is over."""
    now = timezone.now()
    mailbox.consecutive_failures = 0
    mailbox.last_success_at = now
    mailbox.failing_since = None
    mailbox.next_poll_at = now + timedelta(seconds=settings.HOTRO_MAIL_POLL_SECONDS)
    mailbox.save(update_fields=["consecutive_failures", "last_success_at", "failing_since", "next_poll_at"])


def poll_mailboxes() -> int:
    """The scheduler's job: poll each active mailbox that is due; returns how many messages were stored."""
    now = timezone.now()
    due = Mailbox.objects.filter(active=True).filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
    total = 0
    for mailbox in due.select_related("department"):
        # Claim the turn with a conditional update, so two schedulers never poll the same mailbox at once.
        turn = Q(next_poll_at__isnull=True) if mailbox.next_poll_at is None else Q(next_poll_at=mailbox.next_poll_at)
        claimed = Mailbox.objects.filter(turn, pk=mailbox.pk).update(
            next_poll_at=now + timedelta(seconds=settings.HOTRO_MAIL_POLL_SECONDS)
        )
        if claimed:
            total += poll_mailbox(mailbox)
    return total


def mailbox_alerts() -> list[Mailbox]:
    """Active mailboxes someone must look at: failing for longer than ``HOTRO_MAIL_ALERT_AFTER_MINUTES``,
    or signing in with an OAuth2 refresh token that expires within ``HOTRO_MAIL_TOKEN_ALERT_DAYS``."""
    now = timezone.now()
    failing = Q(failing_since__lte=now - timedelta(minutes=settings.HOTRO_MAIL_ALERT_AFTER_MINUTES))
    expiring = Q(
        auth_method=MailboxAuth.OAUTH2,
        oauth2_refresh_token_expires_at__lte=now + timedelta(days=settings.HOTRO_MAIL_TOKEN_ALERT_DAYS),
    )
    return list(Mailbox.objects.filter(failing | expiring, active=True).order_by("name"))
