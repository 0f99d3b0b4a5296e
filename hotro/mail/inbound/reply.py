"""The new part of a reply: quoted history and signature removed.

Agents read ``reply_text`` in the ticket timeline; the full body stays
available beside it, so erring towards cutting too much loses nothing. We rely
on mail-parser-reply for the many client and language variants it knows, and add
what it lacks: Vietnamese Gmail/Outlook/Apple quote headers, Vietnamese
signatures, "Thư gốc" separators, and a cheap HTML path that stops at the quote
containers clients insert.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain

from mailparser_reply.parser import EmailMessage

from hotro.core.text import html_to_text

DEFAULT_LANGUAGES: tuple[str, ...] = ("en", "vi")

_Q = r"(?:> ?)*"  # a header may sit inside quoted levels

# Our additions, in mail-parser-reply's per-language shape.
_EXTRA_LANGUAGES: dict[str, dict[str, str | list[str]]] = {
    "vi": {
        # Gmail: "Vào Th 2, 16 thg 2, 2026 lúc 09:00 Nguyễn Văn A <a@example.com> đã viết:" (may wrap once);
        # Apple Mail: "Vào 16 thg 2, 2026, lúc 09:00, A <a@b> đã viết:".
        "wrote_header": r"^(" + _Q + r"(?:Vào|Lúc|Ngày)\s(?:.+?\s?.+?)\s?đã viết:)$",
        # Outlook: "Từ: … / Đã gửi: … / Đến: … / Chủ đề: …" (two or more of them).
        "from_header": r"((?:(?:^|\n|\n"
        + _Q
        + r")[* ]*(?:Từ|Đã gửi|Gửi|Đến|Tới|Chủ đề|Tiêu đề|Ngày|Cc|Bcc):[ *]*(?:\s{,2}).*){2,}(?:\n.*){,1})",
        "signatures": [
            r"Trân trọng[ ,.!]*$",
            r"Trân trọng cảm ơn[ ,.!]*$",
            r"Thân ái[ ,.!]*$",
            r"Thân mến[ ,.!]*$",
            r"Kính thư[ ,.!]*$",
            r"Kính chúc[^\n]*$",
        ],
        "sent_from": r"Được gửi từ|Gửi từ",
    },
}

# Separators mail-parser-reply does not know; everything from them on is history.
_SEPARATORS = re.compile(
    r"^" + _Q + r"[ \t]*(?:"
    r"-{2,}\s*(?:Thư gốc|Tin nhắn gốc|Thư chuyển tiếp|Thư được chuyển tiếp|Original Message|Forwarded message)\s*-{2,}"
    r"|Vào\s.{0,200}?đã viết:"
    r"|On\s.{0,200}?wrote:"
    r")[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# A Gmail header wrapped over two lines: "Vào Th 2, … lúc 09:00 Nguyễn Văn A <" / "a@example.com> đã viết:".
_WRAPPED_WROTE = re.compile(
    r"^" + _Q + r"[ \t]*(?:Vào|On)\s[^\n]{0,200}\n" + _Q + r"[^\n]{0,200}(?:đã viết|wrote):[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# Outlook's header block in Vietnamese (and Russian, common among our customers' partners),
# also when the library's pattern misses it (bold stars, blank lines).
_OUTLOOK_VI = re.compile(
    r"^"
    + _Q
    + r"[* \t]*(?:Từ|От):[* \t]*.*\n(?:"
    + _Q
    + r".*\n){0,3}?"
    + _Q
    + r"[* \t]*(?:Đã gửi|Gửi|Ngày|Đến|Tới|Отправлено|Кому|Дата):",
    re.MULTILINE,
)


# Any client, any language: a short line with a date or an address, ending in ":" and
# followed by ">"-quoted lines ('02.04.2012 14:20 пользователь "bob" <bob@x> написал:').
_GENERIC_QUOTE_HEADER = re.compile(
    r"^(?![ \t]*>)[^\n]{0,200}(?:@|\d)[^\n]{0,200}(?:\n(?![ \t]*>)[^\n]{0,100})?:[ \t]*\n(?:[ \t]*\n)?[ \t]*>",
    re.MULTILINE,
)
# The same header left dangling at the end once an HTML quote container was cut away.
_TRAILING_QUOTE_HEADER = re.compile(r"\n[^\n]{0,200}(?:@|\d)[^\n]{0,200}:[ \t]*\Z")
_TRAILING_RULE = re.compile(r"(?:\n[ \t]*[-_=*]{5,}[ \t]*)+\Z")
_QUOTED_LINE = re.compile(r"^[ \t]*>.*$\n?", re.MULTILINE)


class _Message(EmailMessage):
    """mail-parser-reply's message, taught our extra languages."""

    def _get_language_regex(self, language: str, regex_key: str) -> str:
        if language in _EXTRA_LANGUAGES:
            value = _EXTRA_LANGUAGES[language].get(regex_key, "")
            return "|".join(chain(value)) if isinstance(value, list) else value
        return super()._get_language_regex(language, regex_key)


def cut_history(text: str) -> str:
    """``text`` up to the first quote header or separator our own rules recognise."""
    patterns = (_WRAPPED_WROTE, _SEPARATORS, _OUTLOOK_VI, _GENERIC_QUOTE_HEADER)
    starts = [match.start() for pattern in patterns if (match := pattern.search(text))]
    return text[: min(starts)] if starts else text


def extract_reply(
    text: str,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    *,
    keep_hyphen_lists: bool = True,
    strip_signature: bool = True,
) -> str:
    """The newest message in a plain-text body, without quoted history (and signature).

    ``keep_hyphen_lists`` defaults to true: customers write "- step one" lists,
    and the library would otherwise read the first such line as a signature.
    A bottom-posted reply (quote first, answer below) keeps its unquoted lines.
    Never raises; when every rule fails the whole text comes back.
    """
    if not text or not text.strip():
        return ""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        head = cut_history(normalised)
        # Answers written below or between ">" quotes (bottom-posting, inline replies) count too.
        tail = _bottom_posted(normalised[len(head) :]).strip()
        head = f"{head.rstrip()}\n\n{tail}" if tail else head
        message = _Message(text=head, languages=list(languages), keep_hyphen_lists=keep_hyphen_lists).read()
        if not message.replies:
            return head.strip()
        reply = message.replies[0]
        return _TRAILING_RULE.sub("", (reply.body if strip_signature else reply.full_body).strip()).strip()
    except Exception:  # a regex surprise must not lose the mail
        return normalised.strip()


def _bottom_posted(text: str) -> str:
    """The unquoted lines after a leading quote: drop the quote header and every ">" line."""
    lines = text.split("\n")
    first_quoted = next((i for i, line in enumerate(lines) if line.lstrip().startswith(">")), None)
    if first_quoted is None or any(line.strip() for line in lines[:first_quoted][2:]):
        return ""  # history that is not ">"-quoted (Outlook, forwards) has no answers below it
    after = "\n".join(lines[first_quoted:])
    return cut_history(_QUOTED_LINE.sub("", after))


def extract_reply_html(html: str, languages: Sequence[str] = DEFAULT_LANGUAGES, *, strip_signature: bool = True) -> str:
    """The newest message of an HTML body: stop at the client's quote container, then apply the text rules."""
    text = _TRAILING_QUOTE_HEADER.sub("", html_to_text(html, stop_at_quote=True))
    return extract_reply(text, languages, strip_signature=strip_signature)
