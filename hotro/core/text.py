"""Plain text out of HTML: pure functions, no Django, for every app that reads markup.

The conversion is our own small walker over the standard library's tolerant HTML
tokenizer: it keeps paragraphs and line breaks, lists and table rows on their own
lines, drops scripts, styles and the head, and can stop at the first quoted-history
marker the common mail clients insert (Gmail, Outlook, Thunderbird, Apple Mail,
Yahoo), which is how the mail's HTML reply path works.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK_TAGS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tr",
    "ul",
}
_PARAGRAPH_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "pre"}
_SKIP_CONTENT_TAGS = {"script", "style", "head", "title", "template", "noscript", "object", "iframe", "svg"}
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"}

# Classes and ids that mark where clients put the quoted history.
_QUOTE_CLASSES = {"gmail_quote", "gmail_quote_container", "yahoo_quoted", "moz-cite-prefix", "outlookmessageheader"}
_QUOTE_IDS = {
    "divrplyfwdmsg",
    "appendonsend",
    "olk_src_body_section",
    "stopspelling",
    "mail-editor-reference-message-container",
}
_OUTLOOK_HEADER_STYLE = re.compile(r"border-top\s*:\s*solid\s+#(?:b5c4df|e1e1e1)", re.IGNORECASE)


def html_to_text(html: str, *, stop_at_quote: bool = False) -> str:
    """Readable text of an HTML body; with ``stop_at_quote``, only what precedes the quoted history."""
    converter = _TextConverter(stop_at_quote=stop_at_quote)
    try:
        converter.feed(html)
        converter.close()
    except Exception:  # noqa: S110 - the tokenizer is tolerant, but be sure
        pass
    return converter.text()


class _TextConverter(HTMLParser):
    def __init__(self, *, stop_at_quote: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.stop_at_quote = stop_at_quote
        self.stopped = False
        self.parts: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0
        self.list_stack: list[list[int]] = []  # per open list: [is_ordered, counter]

    # -- helpers -----------------------------------------------------------
    def _newlines(self, count: int) -> None:
        self.parts.append("\n" * count)

    def _is_quote_start(self, tag: str, attrs: dict[str, str]) -> bool:
        classes = {c.lower() for c in attrs.get("class", "").split()}
        if classes & _QUOTE_CLASSES:
            return True
        if attrs.get("id", "").lower() in _QUOTE_IDS or attrs.get("name", "").lower() in _QUOTE_IDS:
            return True
        if tag == "blockquote":
            return True
        if tag == "hr":
            return True
        return tag == "div" and bool(_OUTLOOK_HEADER_STYLE.search(attrs.get("style", "")))

    # -- HTMLParser callbacks ------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.stopped:
            return
        attributes = {name.lower(): (value or "") for name, value in attrs}
        if self.stop_at_quote and self._is_quote_start(tag, attributes):
            self.stopped = True
            return
        if tag in _SKIP_CONTENT_TAGS:
            if tag not in _VOID_TAGS:
                self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self._newlines(1)
            if self.list_stack and self.list_stack[-1][0]:
                self.list_stack[-1][1] += 1
                self.parts.append(f"{self.list_stack[-1][1]}. ")
            else:
                self.parts.append("- ")
        elif tag in {"ul", "ol"}:
            self.list_stack.append([int(tag == "ol"), 0])
            self._newlines(2)
        elif tag in {"td", "th"}:
            self.parts.append(" ")
        elif tag == "img":
            alt = attributes.get("alt", "").strip()
            if alt:
                self.parts.append(f"[{alt}]")
        elif tag in _PARAGRAPH_TAGS:
            self._newlines(2)
        elif tag in _BLOCK_TAGS:
            self._newlines(1)
        if tag == "pre":
            self.pre_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stopped:
            return
        if tag in _SKIP_CONTENT_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if self.skip_depth:
            return
        if tag in {"ul", "ol"} and self.list_stack:
            self.list_stack.pop()
        if tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        if tag in _PARAGRAPH_TAGS:
            self._newlines(2)
        elif tag in _BLOCK_TAGS:
            self._newlines(1)

    def handle_data(self, data: str) -> None:
        if self.stopped or self.skip_depth:
            return
        if self.pre_depth:
            self.parts.append(data)
        else:
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))

    # -- result --------------------------------------------------------------
    def text(self) -> str:
        raw = "".join(self.parts).replace("\xa0", " ")
        text = "\n".join(line.strip() for line in raw.split("\n"))
        text = re.sub(r"\n{3,}", "\n\n", text)
        return text.strip()
