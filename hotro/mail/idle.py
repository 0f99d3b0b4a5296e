"""IMAP IDLE (RFC 2177): mail becomes a ticket seconds after it arrives, not at the next poll.

``manage.py mail_idle`` runs an ``IdleSupervisor``: one thread per active
mailbox keeps a connection open in IDLE, and when the server announces new
mail (EXISTS or RECENT) it runs the very fetch the scheduler's poll runs
(``hotro.mail.imap.fetch_unseen``: fetch, store, commit, then mark), so both
paths behave the same. IDLE is re-issued every ``RENEW_AFTER`` (servers may
drop an IDLE after 30 minutes), a session is ended before its OAuth2 access
token runs out, and after an error the thread waits the same backoff as the
poll before it reconnects. A server without IDLE is left to the scheduler.

The scheduler keeps polling every mailbox meanwhile, as a safety net for a dead
or stuck watcher. Both may fetch the same message (the IDLE fetch between its
commit and its \\Seen flag, the poll in between): storage is content-addressed,
so the second copy is the same row, processed once, and marking twice is harmless.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Hashable

from django.db import close_old_connections, connection
from django.utils import timezone
from imapclient import IMAPClient

from hotro.mail.imap import SESSION_ERRORS, backoff, connect, fetch_unseen, record_failure, record_success
from hotro.mail.models import Mailbox
from hotro.mail.oauth import REFRESH_MARGIN

logger = logging.getLogger(__name__)

RENEW_AFTER = 25 * 60.0  # seconds; RFC 2177 asks clients to re-issue IDLE at least every 29 minutes
RESCAN_SECONDS = 60.0  # how often the supervisor re-reads the mailbox list (added, changed, switched off)
WAKE_SECONDS = 1.0  # longest wait inside IDLE before a stop request is noticed
# A provider whose access tokens live less than the refresh margin would otherwise have us sign in, and
# refresh, in a tight loop: a session lasts at least this long.
MIN_SESSION_SECONDS = 30.0
NEW_MAIL = {b"EXISTS", b"RECENT"}

# The settings a watcher's session depends on: when one changes, the watcher starts over with it.
# (Tokens are left out: they change on their own at every refresh, and each session reads them anew.)
SESSION_FIELDS = [
    "host",
    "port",
    "use_ssl",
    "username",
    "password",
    "password_env",
    "folder",
    "processed_folder",
    "department_id",
    "auth_method",
    "oauth2_token_url",
    "oauth2_client_id",
    "oauth2_client_secret",
    "oauth2_client_secret_env",
    "oauth2_refresh_token_env",
    "oauth2_scope",
]


def fingerprint(mailbox: Mailbox) -> tuple[Hashable, ...]:
    return tuple(getattr(mailbox, name) for name in SESSION_FIELDS)


class ConnectionLost(OSError):
    """The server said BYE or closed the connection during IDLE."""


def _has_new_mail(responses: list[tuple]) -> bool:
    """``idle_check`` answers like ``(3, b"EXISTS")``; anything announcing a message means fetch."""
    return any(len(response) > 1 and response[1] in NEW_MAIL for response in responses)


def _check(client: IMAPClient, timeout: float) -> list[tuple]:
    """``idle_check`` that notices a lost connection, which IMAPClient's swallows.

    It reports the end of the stream as "nothing new", at once and again at every
    call. Since it only reads when the socket is readable, and anything readable is
    at least one response, an empty answer well before the timeout means the stream
    ended. A server shutting down says BYE first.
    """
    started = time.monotonic()
    responses = client.idle_check(timeout=timeout)
    if any(response and response[0] == b"BYE" for response in responses):
        raise ConnectionLost(f"the server ended the session: {responses!r}")
    if not responses and time.monotonic() - started < timeout / 2:
        raise ConnectionLost("the connection was closed during IDLE")
    return responses


class MailboxWatcher(threading.Thread):
    """One mailbox's IDLE loop, in its own thread with its own database connection."""

    def __init__(self, mailbox: Mailbox, *, renew_after: float = RENEW_AFTER) -> None:
        super().__init__(name=f"mail-idle-{mailbox.pk}", daemon=True)
        self.mailbox_id = mailbox.pk
        self.fingerprint = fingerprint(mailbox)
        self.renew_after = renew_after
        self.stopping = threading.Event()
        self.idling = threading.Event()  # set while an IDLE command is running (tests wait for it)
        self.renewals = 0
        self.supports_idle = True  # False once the server turned out to lack IDLE: the thread then ends

    def stop(self) -> None:
        self.stopping.set()

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                close_old_connections()  # the thread may have slept through a database restart
                mailbox = Mailbox.objects.filter(pk=self.mailbox_id, active=True).select_related("department").first()
                if mailbox is None:
                    return  # switched off or deleted; the supervisor lets it go
                try:
                    self.supports_idle = self._session(mailbox)
                except SESSION_ERRORS as exc:
                    self._failed(mailbox, f"{type(exc).__name__}: {exc}")
                except Exception as exc:  # a bug must not end the watching silently: log, back off, go on
                    logger.exception("mailbox %s: IDLE session failed", mailbox.name)
                    self._failed(mailbox, f"{type(exc).__name__}: {exc}")
                if not self.supports_idle:
                    logger.info("mailbox %s: the server has no IDLE; the scheduler's polling reads it", mailbox.name)
                    return
        finally:
            self.idling.clear()
            connection.close()

    def _failed(self, mailbox: Mailbox, error: str) -> None:
        """Record the error (if the database lets us) and wait out the poll's backoff before reconnecting."""
        close_old_connections()
        try:
            record_failure(mailbox, error)
        except Exception:
            logger.exception("mailbox %s: could not record the failure (%s)", mailbox.name, error)
            mailbox.consecutive_failures += 1
        self.stopping.wait(backoff(mailbox.consecutive_failures).total_seconds())

    def _session(self, mailbox: Mailbox) -> bool:
        """Connect, catch up, then IDLE until told to stop or the session should end; False: no IDLE here."""
        client = connect(mailbox)
        try:
            if not client.has_capability("IDLE"):
                return False
            fetch_unseen(client, mailbox)  # what arrived while nobody was watching
            record_success(mailbox)
            logger.info("mailbox %s: watching %s with IDLE", mailbox.name, mailbox.folder)
            session_end = self._session_end(mailbox)
            while not self.stopping.is_set() and time.monotonic() < session_end:
                self._idle(client, until=min(time.monotonic() + self.renew_after, session_end))
                close_old_connections()
                fetch_unseen(client, mailbox)  # also after a plain renewal: cheap, and covers a missed notice
                record_success(mailbox)
            return True
        finally:
            with contextlib.suppress(Exception):  # the session is over either way
                client.logout()

    def _session_end(self, mailbox: Mailbox) -> float:
        """Monotonic time to sign in again: before an OAuth2 access token expires (some servers then cut off)."""
        expires = mailbox.oauth2_access_token_expires_at if mailbox.uses_oauth2 else None
        if expires is None:
            return float("inf")
        left = (expires - timezone.now() - REFRESH_MARGIN).total_seconds()
        return time.monotonic() + max(left, MIN_SESSION_SECONDS)

    def _idle(self, client: IMAPClient, *, until: float) -> None:
        """One IDLE command: ends when new mail is announced, at ``until``, or on a stop request."""
        client.idle()
        self.idling.set()
        try:
            self._wait_for_mail(client, until)
        finally:
            self.idling.clear()
        client.idle_done()  # not after an error: the connection is beyond a polite DONE then

    def _wait_for_mail(self, client: IMAPClient, until: float) -> None:
        while not self.stopping.is_set():
            remaining = until - time.monotonic()
            if remaining <= 0:
                self.renewals += 1
                return
            if _has_new_mail(_check(client, min(WAKE_SECONDS, remaining))):
                return


class IdleSupervisor:
    """Keeps one watcher per active mailbox, following the admin's changes."""

    def __init__(self, *, renew_after: float = RENEW_AFTER, rescan_seconds: float = RESCAN_SECONDS) -> None:
        self.renew_after = renew_after
        self.rescan_seconds = rescan_seconds
        self.watchers: dict[int, MailboxWatcher] = {}

    def sync(self) -> None:
        """Start watchers for new mailboxes, restart those whose settings changed, stop the switched-off."""
        close_old_connections()
        wanted = {mailbox.pk: mailbox for mailbox in Mailbox.objects.filter(active=True)}
        for pk, watcher in list(self.watchers.items()):
            mailbox = wanted.get(pk)
            changed = mailbox is None or fingerprint(mailbox) != watcher.fingerprint
            crashed = not watcher.is_alive() and watcher.supports_idle  # ended though IDLE works: try again
            if changed or crashed:
                watcher.stop()
                del self.watchers[pk]
        for pk, mailbox in wanted.items():
            if pk not in self.watchers:
                self.watchers[pk] = MailboxWatcher(mailbox, renew_after=self.renew_after)
                self.watchers[pk].start()

    def run(self, stop: threading.Event) -> None:
        """Until ``stop`` is set: keep the watchers in line with the mailbox list; then stop them all."""
        try:
            while not stop.is_set():
                try:
                    self.sync()
                except Exception:  # the database may be away for a moment; the watchers carry on meanwhile
                    logger.exception("could not read the mailbox list")
                stop.wait(self.rescan_seconds)
        finally:
            self.stop_all()
            connection.close()

    def stop_all(self, timeout: float = 10.0) -> None:
        for watcher in self.watchers.values():
            watcher.stop()
        deadline = time.monotonic() + timeout
        for watcher in self.watchers.values():
            watcher.join(max(deadline - time.monotonic(), 0))
        self.watchers.clear()
