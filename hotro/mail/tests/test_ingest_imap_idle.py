"""IMAP IDLE against a real Dovecot: mail appended by another client becomes a ticket without a poll."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from django.db import close_old_connections, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

from hotro.desk.models import Ticket
from hotro.mail import idle
from hotro.mail import imap as imap_module
from hotro.mail.idle import IdleSupervisor, MailboxWatcher
from hotro.mail.imap import poll_mailbox, poll_mailboxes
from hotro.mail.models import InboundMail, Mailbox, MailboxAuth
from hotro.mail.oauth import REFRESH_MARGIN
from hotro.mail.testing_imap import PASSWORD, USER, dovecot_server
from hotro.mail.testing_oauth import CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, oauth_provider

from .conftest import IMMEDIATE_TASKS
from .intake_helpers import raw_mail

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _sqlite_readers_take_no_locks() -> Iterator[None]:
    """Django's in-memory SQLite test database is one shared cache for all threads, whose table locks
    fail at once instead of waiting: readers that take none let the watcher and the test work side by side.
    (The real embedded database is a file in WAL mode, where readers never block.)"""
    if connection.vendor != "sqlite":
        yield
        return

    def no_read_locks(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = 1")

    connection_created.connect(no_read_locks)
    no_read_locks(None, connection)
    try:
        yield
    finally:
        connection_created.disconnect(no_read_locks)


def eventually(check: Callable[[], bool], seconds: float = 15.0) -> bool:
    """Poll ``check`` until it holds or the deadline passes (no sleep-and-hope)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        close_old_connections()
        if check():
            return True
        time.sleep(0.05)
    return check()


@pytest.fixture
def imap(tmp_path):
    with dovecot_server(tmp_path) as server:
        yield server


def make_mailbox(port: int, department, name: str = "sales") -> Mailbox:
    return Mailbox.objects.create(
        name=name,
        host="127.0.0.1",
        port=port,
        use_ssl=False,
        username=USER,
        password=PASSWORD,
        department=department,
    )


@pytest.fixture
def mailbox(imap, sales, settings) -> Mailbox:
    settings.TASKS = IMMEDIATE_TASKS
    settings.HOTRO_MAIL_POLL_SECONDS = 1  # the backoff after an error starts here
    settings.HOTRO_MAIL_POLL_MAX_BACKOFF_SECONDS = 2  # however many failures a slow server restart causes
    return make_mailbox(imap.port, sales)


@pytest.fixture
def watch() -> Iterator[Callable[..., MailboxWatcher]]:
    """Start a watcher for a mailbox; every watcher started is stopped (and must stop) at the end."""
    started: list[MailboxWatcher] = []

    def start(mailbox: Mailbox, **kwargs: float) -> MailboxWatcher:
        watcher = MailboxWatcher(mailbox, **kwargs)
        watcher.start()
        started.append(watcher)
        return watcher

    yield start
    for watcher in started:
        watcher.stop()
    for watcher in started:
        watcher.join(10)
        assert not watcher.is_alive(), "the watcher did not stop"


def test_mail_appended_while_idling_becomes_a_ticket(imap, mailbox, watch):
    watcher = watch(mailbox)
    assert watcher.idling.wait(10), imap.log()
    imap.append(raw_mail(subject="Gửi trong lúc IDLE"))  # another client, as a customer's mail arrives
    assert eventually(lambda: Ticket.objects.filter(subject="Gửi trong lúc IDLE").exists())
    assert eventually(lambda: [b"\\Seen" in flags for flags in imap.flags()] == [True])
    assert watcher.renewals == 0  # it was the server's notice, not a renewal, that fetched it


def test_mail_waiting_before_the_watcher_starts_is_fetched_first(imap, mailbox, watch):
    imap.append(raw_mail(subject="Đến trước"))
    watch(mailbox)
    assert eventually(lambda: Ticket.objects.filter(subject="Đến trước").exists())


def test_idle_is_renewed_and_keeps_working(imap, mailbox, watch):
    watcher = watch(mailbox, renew_after=0.5)
    assert eventually(lambda: watcher.renewals >= 2)
    assert watcher.idling.wait(10)
    imap.append(raw_mail(subject="Sau khi gia hạn"))
    assert eventually(lambda: Ticket.objects.filter(subject="Sau khi gia hạn").exists())


def test_the_watcher_reconnects_with_backoff_after_the_server_restarts(imap, mailbox, watch):
    watcher = watch(mailbox)
    assert watcher.idling.wait(10)
    imap.stop()
    # A lost IDLE connection shows at the next read of the stream: under a loaded CI that can take a while.
    assert eventually(lambda: Mailbox.objects.get(pk=mailbox.pk).failing_since is not None, seconds=60)
    imap.start()
    imap.append(raw_mail(subject="Sau sự cố"))
    assert eventually(lambda: Ticket.objects.filter(subject="Sau sự cố").exists(), seconds=60)
    assert eventually(lambda: Mailbox.objects.get(pk=mailbox.pk).failing_since is None, seconds=30)


def test_a_server_without_idle_is_left_to_polling(tmp_path, sales, settings, watch):
    settings.TASKS = IMMEDIATE_TASKS
    with dovecot_server(tmp_path, capabilities="IMAP4rev1 SASL-IR LITERAL+ UIDPLUS MOVE") as server:
        mailbox = make_mailbox(server.port, sales)
        watcher = watch(mailbox)
        watcher.join(10)
        assert not watcher.is_alive() and not watcher.supports_idle
        server.append(raw_mail(subject="Chỉ bằng polling"))
        assert poll_mailboxes() == 1
    assert Ticket.objects.get().subject == "Chỉ bằng polling"


def test_the_supervisor_follows_the_mailbox_list_and_stops_cleanly(imap, mailbox, technical):
    supervisor = IdleSupervisor(rescan_seconds=0.1)
    stop = threading.Event()
    thread = threading.Thread(target=supervisor.run, args=(stop,))
    thread.start()
    try:
        assert eventually(lambda: mailbox.pk in supervisor.watchers and supervisor.watchers[mailbox.pk].idling.is_set())
        first = supervisor.watchers[mailbox.pk]

        Mailbox.objects.filter(pk=mailbox.pk).update(folder="Support")  # a changed set-up: a new session
        assert eventually(lambda: supervisor.watchers.get(mailbox.pk) not in (None, first))
        first.join(10)
        assert not first.is_alive()

        Mailbox.objects.filter(pk=mailbox.pk).update(active=False)
        assert eventually(lambda: mailbox.pk not in supervisor.watchers)
    finally:
        stop.set()
        thread.join(15)
    assert not thread.is_alive() and supervisor.watchers == {}


def test_two_fetchers_of_one_mailbox_store_a_message_once(imap, mailbox, monkeypatch):
    """The IDLE fetch and the scheduler's poll may overlap: the window between one fetcher's commit and
    its \\Seen flag lets the other fetch the same message. It must stay one stored mail and one ticket."""
    imap.append(raw_mail(subject="Hai lần lấy"))
    mark_done = imap_module._mark_done
    other_poll: list[int] = []
    calls = 0

    def interleaved(client, box, uids):  # the first fetcher committed; the second runs before it marks
        nonlocal calls
        calls += 1
        if calls == 1:
            other_poll.append(poll_mailbox(Mailbox.objects.get(pk=box.pk)))
        mark_done(client, box, uids)

    monkeypatch.setattr(imap_module, "_mark_done", interleaved)
    assert poll_mailbox(mailbox) == 1
    assert other_poll == [1]  # the second fetcher did fetch and "store" it…
    assert InboundMail.objects.count() == 1  # …as the same row
    assert Ticket.objects.filter(subject="Hai lần lấy").count() == 1
    assert [b"\\Seen" in flags for flags in imap.flags()] == [True]


def test_an_oauth2_session_signs_in_again_before_its_access_token_runs_out(
    tmp_path, sales, settings, watch, monkeypatch
):
    """Some servers cut a session when its token expires: the watcher ends it first, with a fresh token."""
    settings.TASKS = IMMEDIATE_TASKS
    monkeypatch.setattr(idle, "MIN_SESSION_SECONDS", 0)  # sessions of two seconds, for the test's sake
    with (
        oauth_provider(user=USER) as provider,
        dovecot_server(tmp_path, oauth2_introspection_url=provider.introspection_url) as server,
    ):
        # Each token lives two seconds past the refresh margin: a session lasts about two seconds.
        provider.access_expires_in = int(REFRESH_MARGIN.total_seconds()) + 2
        mailbox = make_mailbox(server.port, sales)
        Mailbox.objects.filter(pk=mailbox.pk).update(
            password="",
            auth_method=MailboxAuth.OAUTH2,
            oauth2_token_url=provider.token_url,
            oauth2_client_id=CLIENT_ID,
            oauth2_client_secret=CLIENT_SECRET,
            oauth2_refresh_token=REFRESH_TOKEN,
        )
        watcher = watch(Mailbox.objects.get(pk=mailbox.pk))
        assert eventually(lambda: len(provider.grants) >= 3)  # three sessions, each with its own token
        assert watcher.idling.wait(10)
        server.append(raw_mail(subject="Qua OAuth2"))
        assert eventually(lambda: Ticket.objects.filter(subject="Qua OAuth2").exists())
        assert Mailbox.objects.get(pk=mailbox.pk).failing_since is None
