"""Turning bytes of unknown honesty into text.

Mail clients lie about charsets: a body declared ``us-ascii`` holds windows-1258,
a part declares ``x-unknown`` or nothing at all, a header carries raw 8-bit bytes.
We trust the declaration first (it is right most of the time and detection on
short texts is a guess), then strict UTF-8, then charset-normalizer, and only
then decode with replacement characters, so every path gives text and never raises.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

# Names seen in real mail that Python does not know, mapped to the codec that reads them.
_ALIASES = {
    "unicode-1-1-utf-7": "utf-7",
    "x-unicode-2-0-utf-7": "utf-7",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "x-euc-tw": "big5",
    "x-mac-roman": "mac_roman",
    "x-sjis": "shift_jis",
    "x-gbk": "gbk",
    "windows-874": "cp874",
    "tis-620": "cp874",
    "x-cp1258": "cp1258",
    "vn-1258": "cp1258",
    "ansi_x3.4-1968": "ascii",
    "ascii-us": "ascii",
}

# Declarations that are legal but routinely wrong: a superset is read instead,
# as every browser does (WHATWG encoding standard).
_SUPERSETS = {
    "ascii": "cp1252",
    "latin_1": "cp1252",
    "iso8859-1": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
}

# charset-normalizer gets unreliable below this many bytes; we still use it, but
# a short 8-bit text that is valid cp1252 reads better as cp1252 than as a random
# Asian codec.
_DETECTION_MIN_BYTES = 24


@dataclass(frozen=True)
class Decoded:
    """Text plus how it was obtained, so the parser can record a defect when it guessed."""

    text: str
    charset: str
    guessed: bool


def lookup_codec(name: str | None) -> str | None:
    """The Python codec name for a declared charset, or None when it is unknown or absent."""
    if not name:
        return None
    cleaned = name.strip().strip("\"'").lower()
    if not cleaned:
        return None
    cleaned = _ALIASES.get(cleaned, cleaned)
    try:
        return codecs.lookup(cleaned).name
    except (LookupError, ValueError):
        return None


def detect(data: bytes) -> str | None:
    """charset-normalizer's best guess, or None when it has none."""
    try:
        best = from_bytes(data).best()
    except Exception:  # a detector bug must not stop a mail
        return None
    if best is None:
        return None
    return lookup_codec(best.encoding)


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data`` using the declared charset when it fits, otherwise detect.

    Never raises. ``guessed`` is true when the declaration was missing, unknown
    or wrong, so callers can note it among the message's defects. Text with
    separate combining accents (windows-1258, macOS NFD) comes back composed,
    so "ố" typed on any system matches in search.
    """
    result = _decode(data, declared)
    if _COMBINING.search(result.text):
        return Decoded(unicodedata.normalize("NFC", result.text), result.charset, result.guessed)
    return result


_COMBINING = re.compile("[\u0300-\u036f]")


def _decode(data: bytes, declared: str | None) -> Decoded:
    if not data:
        return Decoded("", lookup_codec(declared) or "ascii", False)
    codec = lookup_codec(declared)
    if codec is not None:
        text = _strict(data, codec)
        if text is not None and not _looks_mojibake(text):
            seven_bit = None if codec.startswith(("iso2022", "hz")) else _seven_bit_cjk(data)
            if seven_bit is not None:
                return seven_bit
            if codec in _WESTERN:
                relabelled = _relabel_western(data)
                if relabelled is not None:
                    return relabelled
            return Decoded(text, codec, False)
        # A long text in the declared multi-byte charset with a stray broken byte is still that charset.
        text = _mostly(data, codec)
        if text is not None:
            return Decoded(text, codec, True)
    # The declaration is absent, unknown or wrong: UTF-8 is the most common truth.
    text = _strict(data, "utf-8")
    if text is not None:
        seven_bit = _seven_bit_cjk(data)
        if seven_bit is not None:
            return seven_bit
        return Decoded(text, "utf-8", codec is not None)
    text = _mostly(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", True)
    if _vietnamese_signals(data) >= 1:
        return Decoded(unicodedata.normalize("NFC", data.decode("cp1258")), "cp1258", True)
    if len(data) >= _DETECTION_MIN_BYTES or codec is None:
        guess = detect(data)
        text = _strict(data, guess) if guess else None
        if guess and text is not None:
            return _prefer_western(data, guess, text)
    superset = _SUPERSETS.get(codec or "")
    if superset:
        text = _strict(data, superset)
        if text is not None:
            return Decoded(text, superset, True)
    if codec is not None:
        return Decoded(data.decode(codec, errors="replace"), codec, True)
    text = _strict(data, "cp1252")
    if text is not None:
        return Decoded(text, "cp1252", True)
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", True)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError, ValueError):
        return None
    except Exception:  # some CJK codecs raise odd errors on junk
        return None


def _relabel_western(data: bytes) -> Decoded | None:
    """A Latin-1/ASCII label on text that is really Vietnamese, Cyrillic or CJK.

    Old Vietnamese mailers send windows-1258 labelled as Latin-1; other mailers
    label everything Latin-1. Western text is mostly ASCII, so when over 30% of
    the bytes are 8-bit we ask the detector and trust a non-Western answer.
    """
    if _vietnamese_signals(data) >= 2:
        return Decoded(unicodedata.normalize("NFC", data.decode("cp1258")), "cp1258", True)
    high = sum(1 for byte in data if byte >= 0x80)
    if len(data) < _DETECTION_MIN_BYTES or high * 100 <= len(data) * 30:
        return None
    guess = detect(data)
    if guess is None or guess in _WESTERN or guess in {"cp1258", "utf-8"}:
        return None
    text = _strict(data, guess)
    return Decoded(text, guess, True) if text is not None else None


def _seven_bit_cjk(data: bytes) -> Decoded | None:
    """ISO-2022 and HZ texts are plain ASCII bytes, so UTF-8 "succeeds"; their escapes give them away."""
    candidates = []
    if b"\x1b$" in data or b"\x1b(" in data:
        candidates = ["iso2022_jp_2", "iso2022_kr"] if b"\x1b$)C" not in data else ["iso2022_kr"]
    elif b"~{" in data and b"~}" in data:
        candidates = ["hz"]
    for codec in candidates:
        text = _strict(data, codec)
        if text is not None:
            return Decoded(text, codec, True)
    return None


def _mostly(data: bytes, codec: str) -> str | None:
    """Decode with replacement when only a handful of bytes are broken (one per two thousand at most)."""
    if len(data) < 1000:
        return None
    try:
        text = data.decode(codec, errors="replace")
    except (LookupError, ValueError):
        return None
    broken = text.count("\ufffd")
    return text if broken <= len(data) // 2000 else None


_VIETNAMESE_LETTERS = re.compile("[ăđươĂĐƯƠ]")
_WESTERN = {"latin_1", "iso8859-1", "cp1252", "iso8859-15", "ascii"}
_TONE_AFTER = re.compile("(.)[\u0300\u0301\u0303\u0309\u0323]", re.DOTALL)
_VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")


def _vietnamese_signals(data: bytes) -> int:
    """How strongly ``data`` reads as windows-1258 Vietnamese; 0 when it does not.

    Vietnamese in windows-1258 is mostly ASCII, with the letters ă đ ơ ư and
    separate tone marks that always follow a vowel. A tone mark after a
    consonant (Italian "così" read as windows-1258) rules it out, as does text
    that is mostly 8-bit (Cyrillic, CJK).
    """
    high = sum(1 for byte in data if byte >= 0x80)
    if not high or high * 100 > len(data) * 40:
        return 0
    text = _strict(data, "cp1258")
    if text is None:
        return 0
    tones = 0
    for match in _TONE_AFTER.finditer(text):
        if match.group(1) not in _VOWELS:
            return 0
        tones += 1
    letters = len(_VIETNAMESE_LETTERS.findall(text))
    return tones + letters if tones or letters >= 2 else 0


def _prefer_western(data: bytes, guess: str, text: str) -> Decoded:
    """Detection often says windows-1258 for Italian or French; without Vietnamese letters, read cp1252."""
    if guess == "cp1258":
        western = None if _VIETNAMESE_LETTERS.search(text) else _strict(data, "cp1252")
        if western is not None:
            return Decoded(western, "cp1252", True)
        text = unicodedata.normalize("NFC", text)
    return Decoded(text, guess, True)


# C1 control characters almost never occur in real text; when a single-byte
# decode produces them the declaration was wrong.
_C1 = re.compile("[\x80-\x9f]")


def _looks_mojibake(text: str) -> bool:
    return bool(_C1.search(text))


# -- headers ------------------------------------------------------------------

_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"(\?=)\s+(=\?)")


def _decode_word(charset: str, encoding: str, payload: str) -> bytes:
    import base64
    import binascii
    import quopri

    if encoding.lower() == "b":
        cleaned = re.sub(r"[^A-Za-z0-9+/]", "", payload)
        cleaned += "=" * (-len(cleaned) % 4)
        try:
            return base64.b64decode(cleaned)
        except (binascii.Error, ValueError):
            return payload.encode("ascii", "replace")
    return quopri.decodestring(payload.replace("_", " ").encode("ascii", "replace"), header=False)


def decode_header_text(raw: str | None) -> str:
    """Decode an unfolded header value: RFC 2047 words in any charset, raw 8-bit bytes too.

    ``raw`` is the value as the bytes parser stores it (non-ASCII bytes as
    surrogate escapes). Encoded words are decoded one run at a time, so adjacent
    words split mid-character (common with UTF-8 B encoding) join correctly.
    """
    if not raw:
        return ""
    if raw.isascii() and "=?" not in raw:  # plain ASCII, no encoded words: only the folding to undo
        return _FOLDING.sub(" ", raw) if "\n" in raw else raw
    try:
        return _decode_header_text(raw)
    except Exception:  # a header must never stop a mail
        return raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


_FOLDING = re.compile(r"\r?\n[ \t]*")


def _decode_header_text(raw: str) -> str:
    value = _FOLDING.sub(" ", raw)
    value = _BETWEEN_WORDS.sub(r"\1\2", value)
    out: list[str] = []
    pos = 0
    pending: list[tuple[str, bytes]] = []

    def flush() -> None:
        # Join consecutive words of the same charset before decoding.
        groups: list[tuple[str, bytes]] = []
        for charset, data in pending:
            if groups and groups[-1][0] == charset:
                groups[-1] = (charset, groups[-1][1] + data)
            else:
                groups.append((charset, data))
        for charset, data in groups:
            out.append(decode_bytes(data, charset).text)
        pending.clear()

    for match in _ENCODED_WORD.finditer(value):
        between = value[pos : match.start()]
        if between:
            flush()
            out.append(_decode_raw(between))
        charset = match.group(1).split("*", 1)[0]  # RFC 2231 language suffix
        pending.append((charset.lower(), _decode_word(charset, match.group(2), match.group(3))))
        pos = match.end()
    flush()
    out.append(_decode_raw(value[pos:]))
    return "".join(out)


def _decode_raw(text: str) -> str:
    """Plain header text that may hide raw 8-bit bytes as surrogate escapes."""
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text
    if data.isascii():
        return text
    return decode_bytes(data, None).text


def collapse_whitespace(text: str) -> str:
    """One line with single spaces, as a subject or a display name should be."""
    return " ".join(text.split())
