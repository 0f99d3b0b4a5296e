"""Mail's own rows: raw inbound mail as received, and the IMAP mailboxes it comes from.

Outgoing mail is a row of the core's outbox (``hotro.core.outbound``), channel "email".
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotro.core.models import InboundState, StoredInbound

# -- inbound ---------------------------------------------------------------------------


class InboundSource(models.TextChoices):
    PIPE = "pipe", _("Pipe / file")
    IMAP = "imap", _("IMAP mailbox")
    WEBHOOK = "webhook", _("Webhook")


class InboundStatus(models.TextChoices):
    RECEIVED = InboundState.RECEIVED.value, InboundState.RECEIVED.label
    PROCESSED = InboundState.PROCESSED.value, InboundState.PROCESSED.label
    FAILED = InboundState.FAILED.value, InboundState.FAILED.label
    IGNORED = "ignored", _("Ignored (automatic reply or our own mail)")
    BOUNCE = "bounce", _("Delivery report (bounce)")
    DUPLICATE = "duplicate", _("Duplicate delivery")


class InboundMail(StoredInbound):
    """One raw message as received, stored before it is parsed (DESIGN: nothing received is lost).

    Rows are content-addressed: the same bytes delivered twice (an IMAP
    re-fetch, a webhook retry) are one row. A different copy of a message we
    already processed (same Message-ID, other Received headers) gets its own
    row with status ``duplicate``. The row keeps the raw bytes for ever, so a
    failed message can be reprocessed and agents can read the original.
    """

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)  # the de-duplication key
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True, db_index=True)
    source = models.CharField(_("source"), max_length=8, choices=InboundSource.choices)
    # Which IMAP mailbox or which ESP webhook; "" for the pipe.
    source_name = models.CharField(_("received through"), max_length=100, blank=True)
    mailbox = models.ForeignKey(
        "mail.Mailbox", null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_mails"
    )
    # The department asked for by the pipe's --department; the mailbox's otherwise.
    department = models.ForeignKey("desk.Department", null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(_("status"), max_length=10, choices=InboundStatus.choices, default=InboundStatus.RECEIVED)
    # What processing did: created / appended / ignored / bounce / duplicate (the pipe's JSON status).
    outcome = models.CharField(_("outcome"), max_length=10, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    from_email = models.CharField(_("from"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    ticket = models.ForeignKey(
        "desk.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_mails"
    )
    # The ticket message (or bounce note) this mail became.
    ticket_message = models.ForeignKey(
        "desk.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_mails"
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("incoming email")
        verbose_name_plural = _("incoming emails")
        indexes = [
            # Failed-mail list and the "stuck in received" sweep: WHERE status=? ORDER BY received_at
            models.Index(fields=["status", "received_at"], name="inbound_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_email or '?'}: {self.subject or self.sha256[:12]}"

    @property
    def sender(self) -> str:
        return self.from_email

    @property
    def summary(self) -> str:
        return self.subject


class MailboxAuth(models.TextChoices):
    PASSWORD = "password", _("Password")
    OAUTH2 = "oauth2", _("OAuth2 (Microsoft 365, Google Workspace)")


class Mailbox(models.Model):
    """An IMAP mailbox polled for new mail; its messages open tickets in ``department``.

    Microsoft 365 and Google Workspace no longer take passwords over IMAP: those
    mailboxes sign in with OAuth2 (XOAUTH2). An administrator consents once with
    the provider and stores the refresh token it gave; Hotro then trades it for
    short-lived access tokens at ``oauth2_token_url`` (``hotro.mail.oauth``).
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    host = models.CharField(_("host"), max_length=255)
    port = models.PositiveIntegerField(_("port"), default=993)
    use_ssl = models.BooleanField(_("use TLS"), default=True)
    username = models.CharField(_("user name"), max_length=255)
    # Secrets belong in the environment: ``password_env`` names a variable
    # (or NAME_FILE) that holds the password; ``password`` is the fallback.
    password = models.CharField(_("password"), max_length=255, blank=True)
    password_env = models.CharField(_("password environment variable"), max_length=100, blank=True)
    auth_method = models.CharField(
        _("sign-in method"), max_length=8, choices=MailboxAuth.choices, default=MailboxAuth.PASSWORD
    )
    oauth2_token_url = models.URLField(
        _("OAuth2 token endpoint"),
        max_length=500,
        blank=True,
        help_text=_(
            "Microsoft 365: https://login.microsoftonline.com/TENANT/oauth2/v2.0/token; "
            "Google: https://oauth2.googleapis.com/token"
        ),
    )
    oauth2_client_id = models.CharField(_("OAuth2 client id"), max_length=255, blank=True)
    # Secrets as for the password: a variable's name (or NAME_FILE) first, the stored value as the fallback.
    oauth2_client_secret = models.CharField(_("OAuth2 client secret"), max_length=500, blank=True)
    oauth2_client_secret_env = models.CharField(_("client secret environment variable"), max_length=100, blank=True)
    oauth2_refresh_token = models.TextField(_("OAuth2 refresh token"), blank=True)
    oauth2_refresh_token_env = models.CharField(_("refresh token environment variable"), max_length=100, blank=True)
    # A provider that rotates refresh tokens hands out a new one at each refresh; the environment
    # cannot be written, so the new one is stored above, with the hash of the environment's token
    # it replaced. While the environment still holds that token, the stored one is the newer.
    oauth2_rotated_env_sha256 = models.CharField(max_length=64, blank=True)
    oauth2_scope = models.CharField(
        _("OAuth2 scope"),
        max_length=500,
        blank=True,
        help_text=_(
            "Microsoft 365: https://outlook.office365.com/IMAP.AccessAsUser.All offline_access; "
            "Google: https://mail.google.com/"
        ),
    )
    oauth2_access_token = models.TextField(blank=True)
    oauth2_access_token_expires_at = models.DateTimeField(_("access token expires"), null=True, blank=True)
    # Only when the provider says (``refresh_token_expires_in``); the admins are warned before it passes.
    oauth2_refresh_token_expires_at = models.DateTimeField(_("refresh token expires"), null=True, blank=True)
    oauth2_refreshed_at = models.DateTimeField(_("token last refreshed"), null=True, blank=True)
    # Why the last refresh failed: an OAuth2 error code (invalid_grant…) or "unreachable"/"bad_response",
    # shown translated (``oauth2_problem``); "" once a refresh succeeds.
    oauth2_error_code = models.CharField(_("token refresh error"), max_length=50, blank=True)
    oauth2_error = models.TextField(_("token refresh error details"), blank=True)
    folder = models.CharField(_("folder"), max_length=255, default="INBOX")
    processed_folder = models.CharField(
        _("move processed mail to"), max_length=255, blank=True, help_text=_("Empty: mark as read and leave it.")
    )
    department = models.ForeignKey(
        "desk.Department", on_delete=models.PROTECT, related_name="mailboxes", verbose_name=_("department")
    )
    active = models.BooleanField(_("active"), default=True)
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True)
    consecutive_failures = models.PositiveSmallIntegerField(_("consecutive failures"), default=0)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    # When the admins were last told about the current failure (one alert per failure spell).
    alerted_at = models.DateTimeField(_("admins alerted"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """An OAuth2 mailbox cannot get a token without an endpoint, a client and a refresh token."""
        if not self.uses_oauth2:
            return
        required = _("Required for OAuth2 sign-in.")
        errors = {}
        if not self.oauth2_token_url:
            errors["oauth2_token_url"] = required
        if not self.oauth2_client_id:
            errors["oauth2_client_id"] = required
        if not (self.oauth2_refresh_token or self.oauth2_refresh_token_env):
            errors["oauth2_refresh_token"] = _("Store the refresh token or name its environment variable.")
        if errors:
            raise ValidationError(errors)

    @property
    def uses_oauth2(self) -> bool:
        return self.auth_method == MailboxAuth.OAUTH2

    @property
    def failing_too_long(self) -> bool:
        """Failing for longer than HOTRO_MAIL_ALERT_AFTER_MINUTES: short hiccups are not worth an alarm."""
        cutoff = timezone.now() - timedelta(minutes=settings.HOTRO_MAIL_ALERT_AFTER_MINUTES)
        return self.failing_since is not None and self.failing_since <= cutoff

    @property
    def token_warning_from(self) -> datetime | None:
        """When the refresh token enters the HOTRO_MAIL_TOKEN_ALERT_DAYS window before its known expiry."""
        if not self.uses_oauth2 or self.oauth2_refresh_token_expires_at is None:
            return None
        return self.oauth2_refresh_token_expires_at - timedelta(days=settings.HOTRO_MAIL_TOKEN_ALERT_DAYS)

    @property
    def token_expiring(self) -> bool:
        """The provider's refresh token runs out soon: someone must sign in again before mail stops."""
        start = self.token_warning_from
        return start is not None and start <= timezone.now()

    @property
    def alert_spell_start(self) -> datetime | None:
        """When the newest of the mailbox's current troubles began; the admins are mailed again after it."""
        starts: list[datetime] = []
        if self.failing_too_long and self.failing_since is not None:
            starts.append(self.failing_since)
        warning_from = self.token_warning_from
        if self.token_expiring and warning_from is not None:
            starts.append(warning_from)
        return max(starts) if starts else None

    @property
    def oauth2_problem(self) -> str:
        """The last refresh error in the reader's language ("" when the last refresh worked)."""
        from hotro.mail.oauth import explain_error

        return explain_error(self.oauth2_error_code, self.oauth2_error) if self.oauth2_error_code else ""
