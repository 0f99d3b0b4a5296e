"""Is mail flowing? What the console banner and the admins' alert mail report.

A desk whose intake silently stops is the worst failure there is: a mailbox that
has failed for longer than HOTRO_MAIL_ALERT_AFTER_MINUTES, incoming mail that
could not be processed, and outgoing mail given up on are shown to every agent
and mailed once per failure spell to the administrators. An OAuth2 mailbox whose
refresh token expires within HOTRO_MAIL_TOKEN_ALERT_DAYS is reported the same way
before it stops: after the expiry only a person signing in again can fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from hotro.accounts.models import Role, User
from hotro.core.models import OutboundMessage, OutboundStatus
from hotro.mail.imap import mailbox_alerts
from hotro.mail.models import InboundMail, InboundStatus, Mailbox
from hotro.mail.outbox import queue_mail


@dataclass(frozen=True)
class MailHealth:
    failing_mailboxes: list[Mailbox] = field(default_factory=list)
    failed_inbound: int = 0
    failed_outbound: int = 0

    @property
    def ok(self) -> bool:
        return not (self.failing_mailboxes or self.failed_inbound or self.failed_outbound)


COUNT_CAP = 100  # the banner says "100" at most: it asks for attention, not for an exact figure


def _capped_count(qs: QuerySet[Any]) -> int:
    """How many, up to COUNT_CAP, without a COUNT(*) over a table that may be large."""
    return len(qs.values_list("pk", flat=True)[:COUNT_CAP])


def mail_health() -> MailHealth:
    return MailHealth(
        failing_mailboxes=mailbox_alerts(),
        failed_inbound=_capped_count(InboundMail.objects.filter(status=InboundStatus.FAILED)),
        failed_outbound=_capped_count(OutboundMessage.objects.filter(status=OutboundStatus.FAILED)),
    )


def administrators() -> list[User]:
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(agent__role=Role.ADMIN, agent__active=True))
        .distinct()
        .order_by("pk")
    )


def alert_admins_of_failing_mailboxes() -> int:
    """Scheduler job: mail the administrators once for each mailbox's failure spell (or expiring sign-in);
    returns mails queued."""
    queued = 0
    admins = administrators()
    for mailbox in mailbox_alerts():
        spell_start = mailbox.alert_spell_start
        if spell_start is None or (mailbox.alerted_at is not None and mailbox.alerted_at >= spell_start):
            continue  # reported already (a trouble that began later, such as an expiring token, is a new spell)
        won = Mailbox.objects.filter(pk=mailbox.pk, alerted_at=mailbox.alerted_at).update(alerted_at=timezone.now())
        if not won:
            continue  # another scheduler reported it
        # A mailbox still reading its mail only needs a new sign-in; one that stopped is the louder news.
        template = "mail/mailbox_failing" if mailbox.failing_too_long else "mail/mailbox_token_expiring"
        for admin in admins:
            queue_mail(
                to=admin.email,
                template=template,
                context={"mailbox": mailbox},
                language=admin.language,
                time_zone=admin.timezone,
            )
            queued += 1
    return queued
