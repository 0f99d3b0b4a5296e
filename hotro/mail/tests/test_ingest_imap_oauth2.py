"""OAuth2 (XOAUTH2) mailboxes against a real Dovecot whose oauth2 passdb asks a local provider.

Dovecot accepts an access token only when the provider's introspection says it
is active, so a test passes only if Hotro really refreshed and really signed in
with the new token.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from imapclient import IMAPClient
from imapclient.exceptions import LoginError

from hotro.core.models import OutboundMessage
from hotro.core.scheduler import JOBS, run_due_jobs
from hotro.desk.models import Ticket
from hotro.mail.health import alert_admins_of_failing_mailboxes
from hotro.mail.imap import mailbox_alerts, poll_mailbox, poll_mailboxes
from hotro.mail.models import Mailbox, MailboxAuth
from hotro.mail.oauth import OAuthError, request_token
from hotro.mail.testing import free_port
from hotro.mail.testing_imap import USER, dovecot_server
from hotro.mail.testing_oauth import CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, oauth_provider

from .conftest import IMMEDIATE_TASKS
from .intake_helpers import raw_mail

POLL_JOB = next(job for job in JOBS if job.name == "mail.poll_mailboxes")
SECRET_ENV = "HOTRO_TEST_OAUTH_CLIENT_SECRET"
SCOPE = "https://outlook.office365.com/IMAP.AccessAsUser.All offline_access"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider():
    with oauth_provider(user=USER) as running:
        yield running


@pytest.fixture
def imap(tmp_path, provider):
    with dovecot_server(tmp_path, oauth2_introspection_url=provider.introspection_url) as server:
        yield server


@pytest.fixture
def mailbox(imap, provider, sales, settings, monkeypatch) -> Mailbox:
    """An OAuth2 mailbox whose stored access token has run out; the client secret is in the environment."""
    settings.TASKS = IMMEDIATE_TASKS
    monkeypatch.setenv(SECRET_ENV, CLIENT_SECRET)
    return Mailbox.objects.create(
        name="m365",
        host="127.0.0.1",
        port=imap.port,
        use_ssl=False,
        username=USER,
        department=sales,
        auth_method=MailboxAuth.OAUTH2,
        oauth2_token_url=provider.token_url,
        oauth2_client_id=CLIENT_ID,
        oauth2_client_secret_env=SECRET_ENV,
        oauth2_refresh_token=REFRESH_TOKEN,
        oauth2_scope=SCOPE,
        oauth2_access_token=provider.issue_access_token(expires_in=-1),
        oauth2_access_token_expires_at=timezone.now() - timedelta(minutes=1),
    )


def seen(flags: tuple[bytes, ...]) -> bool:
    return b"\\Seen" in flags


def test_dovecot_refuses_a_token_the_provider_does_not_vouch_for(imap, provider):
    """The set-up is real: an expired token does not open the mailbox, a current one does.
    (One refusal only: Dovecot delays each further attempt from the same address.)"""
    with IMAPClient("127.0.0.1", port=imap.port, ssl=False, timeout=10) as client, pytest.raises(LoginError):
        client.oauth2_login(USER, provider.issue_access_token(expires_in=-1))
    with IMAPClient("127.0.0.1", port=imap.port, ssl=False, timeout=10) as client:
        client.oauth2_login(USER, provider.issue_access_token())
        client.select_folder("INBOX")


def test_an_expired_access_token_is_refreshed_and_the_mail_becomes_a_ticket(imap, provider, mailbox):
    stale = mailbox.oauth2_access_token
    imap.append(raw_mail(subject="Đăng nhập Microsoft 365"))
    assert run_due_jobs([POLL_JOB]) == [POLL_JOB.name]
    assert Ticket.objects.get().subject == "Đăng nhập Microsoft 365"
    assert [seen(flags) for flags in imap.flags()] == [True]
    [grant] = provider.grants
    assert grant == {
        "grant_type": "refresh_token",
        "refresh_token": REFRESH_TOKEN,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scope": SCOPE,
    }
    mailbox.refresh_from_db()
    assert mailbox.oauth2_access_token != stale and provider.is_active(mailbox.oauth2_access_token)
    assert timedelta(minutes=59) < mailbox.oauth2_access_token_expires_at - timezone.now() <= timedelta(hours=1)
    assert mailbox.oauth2_refresh_token == REFRESH_TOKEN  # not rotated: kept as it was
    assert mailbox.oauth2_refresh_token_expires_at is None and mailbox.oauth2_error_code == ""
    assert mailbox.failing_since is None and mailbox.last_success_at is not None


def test_a_valid_access_token_is_used_without_asking_the_provider(imap, provider, mailbox):
    Mailbox.objects.filter(pk=mailbox.pk).update(
        oauth2_access_token=provider.issue_access_token(),
        oauth2_access_token_expires_at=timezone.now() + timedelta(minutes=50),
    )
    imap.append(raw_mail())
    assert poll_mailboxes() == 1
    assert provider.grants == []


def test_a_token_about_to_expire_is_refreshed_before_signing_in(imap, provider, mailbox):
    """Fewer than REFRESH_MARGIN minutes left: a session must not start with a dying token."""
    Mailbox.objects.filter(pk=mailbox.pk).update(
        oauth2_access_token=provider.issue_access_token(),
        oauth2_access_token_expires_at=timezone.now() + timedelta(minutes=2),
    )
    imap.append(raw_mail())
    assert poll_mailboxes() == 1
    assert len(provider.grants) == 1


def test_a_token_the_server_refuses_is_replaced_once(imap, provider, mailbox):
    """Revoked before its time (or clocks apart): the server's refusal, not our clock, has the last word."""
    revoked = provider.issue_access_token()
    provider.revoke(revoked)
    Mailbox.objects.filter(pk=mailbox.pk).update(
        oauth2_access_token=revoked, oauth2_access_token_expires_at=timezone.now() + timedelta(minutes=50)
    )
    mailbox.refresh_from_db()
    imap.append(raw_mail())
    assert poll_mailbox(mailbox) == 1
    assert len(provider.grants) == 1


def test_a_rotated_refresh_token_is_kept_and_used_next_time(imap, provider, mailbox):
    provider.rotate = True
    imap.append(raw_mail(subject="first"))
    assert poll_mailbox(mailbox) == 1
    mailbox.refresh_from_db()
    [rotated] = provider.refresh_tokens
    assert mailbox.oauth2_refresh_token == rotated != REFRESH_TOKEN  # the one used is dead at the provider now

    Mailbox.objects.filter(pk=mailbox.pk).update(oauth2_access_token_expires_at=timezone.now())
    mailbox.refresh_from_db()
    imap.append(raw_mail(subject="second"))
    assert poll_mailbox(mailbox) == 1
    assert [grant["refresh_token"] for grant in provider.grants] == [REFRESH_TOKEN, rotated]
    assert Ticket.objects.count() == 2


def test_a_rotated_token_outranks_the_environment_until_the_environment_changes(imap, provider, mailbox, monkeypatch):
    """The environment cannot be rewritten: the rotated token is stored, and a new token put in the
    environment afterwards (a new consent) wins again."""
    monkeypatch.setenv("HOTRO_TEST_REFRESH_TOKEN", REFRESH_TOKEN)
    Mailbox.objects.filter(pk=mailbox.pk).update(
        oauth2_refresh_token="", oauth2_refresh_token_env="HOTRO_TEST_REFRESH_TOKEN"
    )
    mailbox.refresh_from_db()
    provider.rotate = True
    imap.append(raw_mail(subject="first"))
    assert poll_mailbox(mailbox) == 1
    mailbox.refresh_from_db()
    [rotated] = provider.refresh_tokens
    assert mailbox.oauth2_refresh_token == rotated

    Mailbox.objects.filter(pk=mailbox.pk).update(oauth2_access_token_expires_at=timezone.now())
    mailbox.refresh_from_db()
    assert poll_mailbox(mailbox) == 0 and mailbox.failing_since is None
    assert provider.grants[-1]["refresh_token"] == rotated

    provider.rotate = False
    provider.refresh_tokens = {"rt-after-new-consent"}
    monkeypatch.setenv("HOTRO_TEST_REFRESH_TOKEN", "rt-after-new-consent")
    Mailbox.objects.filter(pk=mailbox.pk).update(oauth2_access_token_expires_at=timezone.now())
    mailbox.refresh_from_db()
    imap.append(raw_mail(subject="second"))
    assert poll_mailbox(mailbox) == 1
    assert provider.grants[-1]["refresh_token"] == "rt-after-new-consent"


def test_invalid_grant_is_a_failure_that_leaves_the_mail_and_alerts_after_the_delay(
    imap, provider, mailbox, settings, admin_agent, tech_agent, client_for
):
    settings.HOTRO_MAIL_ALERT_AFTER_MINUTES = 15
    provider.refuse_with = "invalid_grant"
    imap.append(raw_mail())
    assert poll_mailboxes() == 0
    assert not Ticket.objects.exists()
    assert [seen(flags) for flags in imap.flags()] == [False]  # nothing lost: it waits on the server
    mailbox.refresh_from_db()
    assert mailbox.oauth2_error_code == "invalid_grant" and "AADSTS70008" in mailbox.oauth2_error
    assert "invalid_grant" in mailbox.last_error and mailbox.failing_since is not None
    assert mailbox_alerts() == [] and alert_admins_of_failing_mailboxes() == 0  # not for long yet

    Mailbox.objects.filter(pk=mailbox.pk).update(failing_since=timezone.now() - timedelta(minutes=20))
    assert mailbox_alerts() == [mailbox]
    tech_agent.language = "en"
    tech_agent.save(update_fields=["language"])
    client = client_for(tech_agent)
    client.cookies["hotro_language"] = "en"
    page = client.get(reverse("console:triage")).content.decode()
    assert 'class="mail-health"' in page and "m365" in page
    assert "Sign in to the mailbox again" in page

    assert alert_admins_of_failing_mailboxes() == 1
    assert alert_admins_of_failing_mailboxes() == 0
    [alert] = OutboundMessage.objects.filter(kind="mail/mailbox_failing")
    assert alert.to == admin_agent.email and "m365" in alert.subject and "invalid_grant" in alert.body_text


def test_a_refresh_token_expiring_within_the_alert_window_raises_the_alert(
    imap, provider, mailbox, settings, admin_agent, tech_agent, client_for
):
    settings.HOTRO_MAIL_TOKEN_ALERT_DAYS = 7
    provider.refresh_token_expires_in = 3 * 24 * 3600
    imap.append(raw_mail())
    assert poll_mailboxes() == 1  # mail still flows: this is a warning
    mailbox.refresh_from_db()
    left = mailbox.oauth2_refresh_token_expires_at - timezone.now()
    assert timedelta(days=3) - timedelta(minutes=1) < left <= timedelta(days=3)
    assert mailbox_alerts() == [mailbox]

    tech_agent.language = "en"
    tech_agent.save(update_fields=["language"])
    client = client_for(tech_agent)
    client.cookies["hotro_language"] = "en"
    page = client.get(reverse("console:triage")).content.decode()
    assert "The sign-in of mailbox m365 expires on" in page and "cannot be read" not in page

    assert alert_admins_of_failing_mailboxes() == 1
    assert alert_admins_of_failing_mailboxes() == 0  # once per spell
    [alert] = OutboundMessage.objects.filter(kind="mail/mailbox_token_expiring")
    assert alert.to == admin_agent.email and "m365" in alert.subject


def test_a_refresh_token_with_a_distant_expiry_raises_nothing(imap, provider, mailbox, settings):
    settings.HOTRO_MAIL_TOKEN_ALERT_DAYS = 7
    provider.refresh_token_expires_in = 30 * 24 * 3600
    assert poll_mailboxes() == 0
    mailbox.refresh_from_db()
    assert mailbox.oauth2_refresh_token_expires_at is not None
    assert mailbox_alerts() == [] and alert_admins_of_failing_mailboxes() == 0


def test_a_missing_client_secret_variable_is_recorded_not_raised(imap, provider, mailbox, monkeypatch):
    monkeypatch.delenv(SECRET_ENV)
    assert poll_mailbox(mailbox) == 0
    mailbox.refresh_from_db()
    assert SECRET_ENV in mailbox.last_error and mailbox.failing_since is not None
    assert provider.grants == []


def test_a_wrong_client_secret_is_explained(imap, provider, mailbox, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, "wrong")
    assert poll_mailbox(mailbox) == 0
    mailbox.refresh_from_db()
    assert mailbox.oauth2_error_code == "invalid_client"
    assert "client id or secret" in mailbox.oauth2_problem or "ứng dụng" in mailbox.oauth2_problem


def test_an_unreachable_token_endpoint_is_its_own_error():
    with pytest.raises(OAuthError) as caught:
        request_token(f"http://127.0.0.1:{free_port()}/token", client_id="x", client_secret="", refresh_token="r")
    assert caught.value.code == "unreachable"
