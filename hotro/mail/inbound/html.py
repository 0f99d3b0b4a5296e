"""HTML mail bodies sanitised for display.

Their text, for tickets and search, is ``hotro.core.text.html_to_text``'s.
"""

from __future__ import annotations

import nh3

# Schemes a displayed mail may link to; ``cid`` keeps inline images pointing at their parts.
_URL_SCHEMES = {"http", "https", "mailto", "tel", "cid"}


def sanitize_html(html: str) -> str:
    """HTML safe to show to agents: no scripts, handlers or foreign schemes; cid: images kept."""
    try:
        return nh3.clean(html, url_schemes=_URL_SCHEMES, attributes={"*": {"title", "dir", "lang"}, **_ATTRIBUTES})
    except Exception:  # nh3 is strict about odd input; fall back to text
        return ""


_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "blockquote": {"type", "cite"},
}
