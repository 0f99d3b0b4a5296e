"""The agent's view of a ticket's conversation and history, rendered in Python.

The thread is the part of the ticket page that grows with the ticket (20 messages
on an ordinary one, hundreds on a long one); through the template engine each
message cost two date filters, a URL tag per attachment and a dozen lookups.
As in ``hotro.console.rows``, the markup is made with ``hotro.core.html.html_format``,
which escapes every value on its way in, and the words are translated once per page;
nothing here needs a request, so a pushed message can be rendered the same way.
Times are in the active time zone, in the active language's ``SHORT_DATETIME_FORMAT``.
``hotro/console/tests/test_ticket_page.py`` pins the markup and the escaping.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hotro.console.history import HistoryLine
from hotro.core.dates import local_formatter
from hotro.core.html import html_format, html_join
from hotro.desk.models import AuthorKind, Channel, Message

_PK = 987654321  # stands in for an attachment's id in a reversed URL

_MESSAGE = (
    '<article class="msg {css}" id="message-{pk}">\n'
    "  <header>\n    <span>{note_tag}<strong>{author}</strong> · {kind}{channel}</span>\n"
    '    <time datetime="{at}">{local}</time>\n'
    '  </header>\n  <div class="body">{body}</div>{files}\n</article>\n'
)
_ATTACHMENT = '\n    <li><a href="{url}">{name}</a> <span class="muted">({size})</span></li>'
_ATTACHMENTS = '\n  <ul class="attachments">{items}\n  </ul>'
_DELIVERY = '\n  <p class="delivery muted small">{text}</p>'
_HISTORY_LINE = '<li><time datetime="{at}" class="muted">{local}</time> {text}</li>\n'


@lru_cache(maxsize=16)
def _words(language: str | None) -> tuple[dict[str, str], dict[str, str], SafeString]:
    """The kinds of author, the channels and the note tag, translated once per language and process."""
    return (
        {value: str(label) for value, label in AuthorKind.choices},
        {value: str(label) for value, label in Channel.choices},
        html_format('<span class="note-tag">{text}</span> · ', text=_("Internal note")),
    )


@dataclass(frozen=True)
class SmsDelivery:
    to: str
    status: str  # the outbox's: pending, sending, sent, failed
    report: str  # the gateway's last delivery report ("" before any)
    error: str


def _delivery_text(delivery: SmsDelivery) -> str:
    if delivery.status == "failed":
        reason = delivery.error.split(": ", 1)[-1][:120]
        return _("SMS to %(to)s not sent: %(reason)s") % {"to": delivery.to, "reason": reason}
    if delivery.report in ("delivered", "read"):
        return _("SMS to %(to)s delivered") % {"to": delivery.to}
    if delivery.report in ("undelivered", "failed"):
        return _("SMS to %(to)s not delivered (the gateway's report)") % {"to": delivery.to}
    if delivery.status == "sent":
        return _("SMS to %(to)s sent") % {"to": delivery.to}
    return _("SMS to %(to)s waiting to be sent") % {"to": delivery.to}


def thread_html(
    messages: Iterable[Message],
    deliveries: Mapping[int, list[SmsDelivery]] | None = None,
    marks: Mapping[int, SafeString] | None = None,
) -> SafeString:
    """Each message with its author, kind, channel, time, text and attachments; internal notes marked;
    under a message sent by SMS, what became of it (``deliveries``, by message id); under any message,
    its ``marks`` (markup by message id: the vault's "a secret came with it" or "this looks like a password")."""
    shown_at = local_formatter("SHORT_DATETIME_FORMAT")
    kinds, channels, note_tag = _words(get_language())
    attachment_url = reverse("console:attachment", args=[_PK])
    parts = []
    for message in messages:
        if message.internal:
            css = "internal"
        else:
            css = "from-customer" if message.author_kind == AuthorKind.CUSTOMER else "from-agent"
        files = ""
        attachments = message.attachments.all()
        if attachments:
            items = html_join(
                html_format(
                    _ATTACHMENT,
                    url=attachment_url.replace(str(_PK), str(a.pk)),
                    name=a.filename,
                    size=filesizeformat(a.size),
                )
                for a in attachments
            )
            files = html_format(_ATTACHMENTS, items=items)
        for delivery in (deliveries or {}).get(message.pk, ()):
            files = html_join([files, html_format(_DELIVERY, text=_delivery_text(delivery))])
        if marks and message.pk in marks:
            files = html_join([files, marks[message.pk]])
        created = message.created_at
        parts.append(
            html_format(
                _MESSAGE,
                css=css,
                pk=message.pk,
                note_tag=note_tag if message.internal else "",
                author=message.author_name,
                kind=kinds.get(message.author_kind, ""),
                channel=""
                if message.channel == Channel.WEB
                else f" · {channels.get(message.channel, message.channel)}",
                at=created.isoformat(),
                local=shown_at(created),
                body=message.body_text,
                files=files,
            )
        )
    return html_join(parts)


def history_html(lines: Iterable[HistoryLine]) -> SafeString:
    shown_at = local_formatter("SHORT_DATETIME_FORMAT")
    return html_join(
        html_format(_HISTORY_LINE, at=line.at.isoformat(), local=shown_at(line.at), text=line.text) for line in lines
    )
