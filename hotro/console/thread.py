"""The agent's view of a ticket's conversation and history, rendered in Python.

The thread is the part of the ticket page that grows with the ticket (20 messages
on an ordinary one, hundreds on a long one); through the template engine each
message cost two date filters, a URL tag per attachment and a dozen lookups.
As in ``hotro.console.rows``, every value is escaped with ``html.escape``
(Django's ``escape``) and the words are translated once per page.
``hotro/console/tests/test_ticket_page.py`` pins the markup and the escaping.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from hotro.console.history import HistoryLine
from hotro.core.html import escape_text as _e
from hotro.desk.models import AuthorKind, Channel, Message

_PK = 987654321  # stands in for an attachment's id in a reversed URL


def thread_html(messages: Iterable[Message]) -> SafeString:
    """Each message with its author, kind, channel, time, text and attachments; internal notes marked."""
    zone = timezone.get_current_timezone()
    kinds = {value: _e(label) for value, label in AuthorKind.choices}
    channels = {value: _e(label) for value, label in Channel.choices}
    note_tag = f'<span class="note-tag">{_e(_("Internal note"))}</span> · '
    attachment_url = reverse("portal:attachment", args=[_PK])
    parts = []
    for message in messages:
        if message.internal:
            css = "internal"
        else:
            css = "from-customer" if message.author_kind == AuthorKind.CUSTOMER else "from-agent"
        channel = "" if message.channel == Channel.WEB else f" · {channels.get(message.channel, _e(message.channel))}"
        created = message.created_at
        files = ""
        attachments = message.attachments.all()
        if attachments:
            items = "".join(
                f'\n    <li><a href="{attachment_url.replace(str(_PK), str(a.pk))}">{_e(a.filename)}</a> '
                f'<span class="muted">({_e(filesizeformat(a.size))})</span></li>'
                for a in attachments
            )
            files = f'\n  <ul class="attachments">{items}\n  </ul>'
        parts.append(
            f'<article class="msg {css}" id="message-{message.pk}">\n'
            f"  <header>\n    <span>{note_tag if message.internal else ''}"
            f"<strong>{_e(message.author_name)}</strong> · {kinds.get(message.author_kind, '')}{channel}</span>\n"
            f'    <time datetime="{created.isoformat()}">{created.astimezone(zone):%d/%m/%Y %H:%M}</time>\n'
            f'  </header>\n  <div class="body">{_e(message.body_text)}</div>{files}\n</article>\n'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def history_html(lines: Iterable[HistoryLine]) -> SafeString:
    zone = timezone.get_current_timezone()
    return mark_safe(  # noqa: S308 - the sentences are escaped
        "".join(
            f'<li><time datetime="{line.at.isoformat()}" class="muted">{line.at.astimezone(zone):%d/%m/%Y %H:%M}'
            f"</time> {_e(line.text)}</li>\n"
            for line in lines
        )
    )
