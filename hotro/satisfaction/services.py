"""Every state change of customer satisfaction; adapters (portal pages, the emailed links, the console) call these.

One answer per ticket, by its requester, once the ticket is resolved or closed; the answer can be changed
for ``HOTRO_CSAT_CHANGE_DAYS`` days after the first one, and then no more. Each change writes the rating,
an audit event on the ticket and, in the same transaction, small outbox rows: the API's webhooks
(``events.rating_received``) and, when the answer becomes "bad", one mail per supervisor of the
department (rendered by the worker after commit, in each supervisor's language).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact, User
from hotro.desk.models import Channel, Status, Ticket
from hotro.desk.services import agent_can_work_in, is_agent, open_ticket, record_audit
from hotro.notify.dispatch import agent_recipient, send
from hotro.satisfaction import events
from hotro.satisfaction.errors import RatingError
from hotro.satisfaction.models import Rating, Score
from hotro.sla.people import supervisors

RATABLE_STATUSES = (Status.RESOLVED, Status.CLOSED)
COMMENT_MAX_CHARS = 2000
# A follow-up is answered where the customer wrote from; a chat or a call has no thread to continue.
FOLLOW_UP_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.WEB)


def change_days() -> int:
    return settings.HOTRO_CSAT_CHANGE_DAYS


def changeable_until(rating: Rating) -> datetime:
    return rating.created_at + timedelta(days=change_days())


def change_window_open(rating: Rating | None, now: datetime | None = None) -> bool:
    """Whether the answer may still be given or changed (always, before the first answer)."""
    return rating is None or (now or timezone.now()) < changeable_until(rating)


def rating_of(ticket: Ticket) -> Rating | None:
    return Rating.objects.filter(ticket=ticket).select_related("agent", "department", "follow_up").first()


def may_rate(ticket: Ticket, contact: Contact) -> bool:
    """Whether the rating choice is offered to ``contact`` on this ticket now (no error, no query)."""
    return ticket.requester_id == contact.pk and ticket.status in RATABLE_STATUSES


def _window_closed() -> RatingError:
    return RatingError(
        _("This rating can no longer be changed: answers can be changed for %(days)s days.") % {"days": change_days()},
        code="window_closed",
    )


def refusal(ticket: Ticket, contact: Contact, rating: Rating | None) -> RatingError | None:
    """Why ``contact`` may not rate ``ticket`` now (whatever the score), or ``None``: what pages say before a POST."""
    if ticket.requester_id != contact.pk:
        return RatingError(_("Only the customer who opened the ticket can rate it."), code="not_requester")
    if ticket.status not in RATABLE_STATUSES:
        return RatingError(_("The ticket can be rated once it is resolved."), code="not_resolved")
    if not change_window_open(rating):
        return _window_closed()
    return None


def _check(ticket: Ticket, contact: Contact, score: str, comment: str | None) -> None:
    refused = refusal(ticket, contact, None)  # the window is checked under the lock, with the rating read there
    if refused is not None:
        raise refused
    if score not in Score.values:
        raise RatingError(_("Choose good, okay or bad."), field="score", code="bad_score")
    if comment is not None and len(comment) > COMMENT_MAX_CHARS:
        raise RatingError(
            _("The comment is too long (at most %(limit)s characters).") % {"limit": COMMENT_MAX_CHARS},
            field="comment",
            code="too_long",
        )


def rate(ticket: Ticket, contact: Contact, score: str, comment: str | None = None) -> Rating:
    """Record or change ``contact``'s answer on ``ticket``; ``comment=None`` keeps the comment given before.

    Refused (``RatingError``, nothing written) for anyone but the requester, for a ticket that is not
    resolved or closed, for an unknown score, and once the change window of the first answer has passed.
    Giving the same answer again writes nothing.
    """
    comment = comment.strip() if comment is not None else None
    _check(ticket, contact, score, comment)
    with transaction.atomic():
        # The ticket's row is the lock: two clicks at once make one rating, not a unique-constraint error;
        # its status is read again under it (a reopening may have committed since the caller read the ticket).
        status = Ticket.objects.select_for_update().filter(pk=ticket.pk).values_list("status", flat=True).first()
        if status not in RATABLE_STATUSES:
            raise RatingError(_("The ticket can be rated once it is resolved."), code="not_resolved")
        rating = Rating.objects.select_for_update().filter(ticket=ticket).first()
        if not change_window_open(rating):
            raise _window_closed()
        previous = rating.score if rating is not None else ""
        if rating is None:
            rating = Rating.objects.create(
                ticket=ticket,
                score=score,
                comment=comment or "",
                agent=ticket.assignee,
                department=ticket.department,
            )
        elif score == rating.score and (comment is None or comment == rating.comment):
            return rating  # the same answer again (a second click): nothing to tell anyone
        else:
            rating.score = score
            if comment is not None:
                rating.comment = comment
            rating.save(update_fields=["score", "comment", "updated_at"])
        record_audit(
            "satisfaction.rating.received" if not previous else "satisfaction.rating.changed",
            ticket,
            contact,
            score=score,
            previous=previous or None,
            commented=bool(rating.comment),
        )
        events.rating_received.send(sender=Rating, rating=rating, ticket=ticket, actor=contact, previous=previous)
        if score == Score.BAD and previous != Score.BAD:
            tell_supervisors(rating)
    return rating


def tell_supervisors(rating: Rating) -> int:
    """One mail per supervisor of the rating's department (the notifications' own routing); returns how many."""
    ticket = rating.ticket
    told = 0
    for user in supervisors(rating.department):
        recipient = agent_recipient(ticket, user)
        if recipient is not None:
            send(recipient, ticket, "satisfaction/bad_rating", {"rating": rating})
            told += 1
    return told


def may_follow_up(user: User, rating: Rating) -> bool:
    """Agents of the rating's department (its supervisors among them) and administrators."""
    return is_agent(user) and agent_can_work_in(user, rating.department)


def open_follow_up(rating: Rating, agent: User) -> Ticket:
    """A new ticket for the same customer and department, its first message naming the rated ticket.

    Opened through the desk's own ``open_ticket`` (the customer is told as for any new ticket); a
    rating has at most one follow-up: asking again returns the one already opened.
    """
    if not may_follow_up(agent, rating):
        raise RatingError(_("Only agents of the ticket's department can follow this rating up."), code="forbidden")
    with transaction.atomic():
        locked = Rating.objects.select_for_update().select_related("ticket__requester", "department").get(pk=rating.pk)
        if locked.follow_up_id is not None:
            assert locked.follow_up is not None
            return locked.follow_up
        original = locked.ticket
        requester = original.requester
        language = requester.user.language if requester.user is not None else requester.language
        with translation.override(language):  # the first message is shown to the customer, in their language
            subject = _("Following up on ticket %(number)s") % {"number": original.number}
            body = _("We are following up on ticket %(number)s (“%(subject)s”), which you rated “%(score)s”.") % {
                "number": original.number,
                "subject": original.subject,
                "score": Score(locked.score).label,
            }
            if locked.comment:
                body += "\n\n" + _("Your comment: %(comment)s") % {"comment": locked.comment}
        follow_up = open_ticket(
            requester=requester,
            department=locked.department,
            subject=subject,
            body=body,
            channel=original.channel if original.channel in FOLLOW_UP_CHANNELS else Channel.WEB,
            opened_by=agent,
        )
        locked.follow_up = follow_up
        locked.save(update_fields=["follow_up", "updated_at"])
        record_audit("satisfaction.rating.followed_up", original, agent, follow_up=follow_up.number)
    return follow_up
