"""What the thread shows under a message about the vault (hotro.vault): a secret came with it (masked), or
it looks like it holds a password, a key or a token and can be moved into the vault (the panel's button).

Rendered in Python like the rest of the thread (``hotro.console.thread``), every value escaped on its way in.
"""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hotro.core.html import html_format
from hotro.vault.labels import kinds_text
from hotro.vault.services import MASK, VaultPanel

_CAME_WITH = (
    '\n  <p class="vault-mark small"><span aria-hidden="true">🔒</span> {text} <code>{mask}</code> '
    '<a href="#vault">{link}</a></p>'
)
_WARNING = (
    '\n  <p class="vault-warning small" role="note"><span aria-hidden="true">⚠</span> {text} '
    '<a href="#vault-message-{pk}">{link}</a></p>'
)


def vault_marks(panel: VaultPanel) -> dict[int, SafeString]:
    """Markup by message id, for ``thread_html(..., marks=...)``."""
    marks: dict[int, SafeString] = {}
    for message_pk, (count, kinds) in panel.marked_messages.items():
        parts = []
        if count:
            text = ngettext("A secret came with this message:", "%(count)s secrets came with this message:", count)
            parts.append(html_format(_CAME_WITH, text=text % {"count": count}, mask=MASK, link=_("in the vault")))
        if kinds:
            text = _("This message looks like it contains %(kinds)s.") % {"kinds": kinds_text(kinds)}
            parts.append(html_format(_WARNING, text=text, pk=message_pk, link=_("Move it to the vault")))
        marks[message_pk] = SafeString("".join(parts))
    return marks
