"""Spotting secrets pasted into ordinary messages: pure functions, no database.

``find_secrets(text)`` returns where the secret *values* sit (the label before them stays, so a redacted
message still reads "mật khẩu root là [moved to the vault]"). What is looked for:

- password phrases in Vietnamese and English: "mật khẩu root là …", "mat khau: …", "MK: …",
  "password = …", "the password for vps1 is …", "pass: …", "pwd=…"; and the password inside a URL
  (``mysql://root:…@host``);
- private keys (``-----BEGIN … PRIVATE KEY-----`` to its END line);
- API-token shapes: AWS access key ids (``AKIA…``), GitHub (``ghp_…``, ``github_pat_…``),
  Slack (``xox…-``), JWTs, and a long hex or base64 run after "token", "key", "secret" or "api key".

False positives cost an agent's attention, so a value must look like a secret: after "is"/"là"
it needs a digit, a symbol or mixed case ("the password is wrong" is not one); common words
("gì", "sai", "incorrect", "reset"…) never are; short forms ("pass", "pwd", "MK") need ":" or "=".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# At most this much of a message is scanned: receivers run inside the desk's transaction.
MAX_SCAN_CHARS = 100_000
MIN_PASSWORD_CHARS = 4
MAX_VALUE_CHARS = 200


@dataclass(frozen=True, order=True)
class Finding:
    start: int
    end: int
    kind: str  # "password", "private_key", "aws_key", "github_token", "slack_token", "jwt", "token", "url_password"


# Words that follow "password is …" / "mật khẩu là …" in ordinary sentences, never secrets (English, then Vietnamese).
_STOPWORD_TEXT = """
a an the not no wrong incorrect correct invalid expired required reset changed empty blank same
still too very missing lost forgotten unknown locked weak strong ok okay fine set sent needed what
my your it this that here below above attached in on for to of and or please pls bad good new old
changing working accepted rejected
gì gi sai đúng dung không khong ko bị bi đã da chưa chua nào nao bao mới moi cũ cu của cua cho và
va này nay đó do em anh chị chi tôi toi mình minh bên ben ở o như nhu thế rồi roi được duoc quên
quen hết het hạn han trống trong
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_VALUE = r"""(?:"(?P<dq>[^"\n]{1,200})"|'(?P<sq>[^'\n]{1,200})'|(?P<bare>[^\s"'<>]{1,200}))"""

# "password", "passphrase", "mật khẩu", "mat khau" may be followed by "is"/"là"; up to four words may stand
# between the word and its verb ("mật khẩu root của vps là", "the password for vps1 is").
_LONG_WORD = r"(?:password|passphrase|passcode|mật\s*khẩu|mat\s*khau|mật\s*mã|mat\s*ma)"
_SHORT_WORD = r"(?:pass|passwd|pwd|pw|mk|pas)"
_GAP = r"(?:[ \t]+[^\s:=]{1,30}){0,4}?"
_LONG_PHRASE = re.compile(
    rf"\b{_LONG_WORD}{_GAP}[ \t]*(?P<sep>:|=|->|(?:\bis\b|\blà\b|\bla\b)(?:[ \t]*[:=])?)[ \t]*{_VALUE}",
    re.IGNORECASE,
)
_SHORT_PHRASE = re.compile(rf"\b{_SHORT_WORD}{_GAP}[ \t]*(?P<sep>:|=)[ \t]*{_VALUE}", re.IGNORECASE)
_URL_PASSWORD = re.compile(r"\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@]{1,64}:(?P<bare>[^\s@/]{1,200})@", re.IGNORECASE)
_PRIVATE_KEY = re.compile(
    r"-----BEGIN (?P<label>[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----.*?(?:-----END (?P=label)-----|\Z)",
    re.DOTALL,
)
_TOKEN_SHAPES = (
    ("aws_key", re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b")),
    ("github_token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b")),
    ("slack_token", re.compile(r"\bxox[abposre]-[A-Za-z0-9-]{10,250}")),
    ("jwt", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")),
)
_KEYWORD_TOKEN = re.compile(
    r"\b(?:token|api[ _-]?key|apikey|secret(?:[ _-]?key)?|access[ _-]?key|private[ _-]?key|key)\b"
    r"(?:[ \t]+[^\s:=]{1,20}){0,2}?[ \t]*(?::|=|\bis\b|\blà\b)?[ \t]*[\"']?"
    r"(?P<bare>[A-Za-z0-9+/_\-]{20,400}={0,2})",
    re.IGNORECASE,
)
_HEX = re.compile(r"^[0-9a-fA-F]{32,}$")


def _value_span(match: re.Match[str]) -> tuple[int, int, str]:
    for group in ("dq", "sq", "bare"):
        value = match.groupdict().get(group)
        if value is not None:
            start = match.start(group)
            kept = value.rstrip(".,;)") if group == "bare" else value  # the sentence's full stop is not in it
            return start, start + len(kept), kept
    return match.span()[0], match.span()[0], ""  # pragma: no cover - every value pattern has one group


def _looks_like_password(value: str, *, strong_separator: bool) -> bool:
    if not MIN_PASSWORD_CHARS <= len(value) <= MAX_VALUE_CHARS:
        return False
    if value.rstrip("!?").casefold() in _STOPWORDS:  # "mật khẩu là gì?"
        return False
    has_digit = any(ch.isdigit() for ch in value)
    has_symbol = any(not ch.isalnum() for ch in value)
    mixed_case = any(ch.isupper() for ch in value) and any(ch.islower() for ch in value)
    if has_digit or has_symbol or mixed_case:
        return True
    # A plain word after ":" or "=" ("pass: sunshine") is still a password; after "is"/"là" it is prose.
    return strong_separator and len(value) >= 6


def _looks_like_token(value: str) -> bool:
    if _HEX.match(value):
        return True
    has_digit = any(ch.isdigit() for ch in value)
    has_letter = any(ch.isalpha() for ch in value)
    return has_digit and has_letter and len(value) >= 20


def _password_findings(text: str) -> list[Finding]:
    found = []
    for pattern in (_LONG_PHRASE, _SHORT_PHRASE):
        for match in pattern.finditer(text):
            start, end, value = _value_span(match)
            strong = match.group("sep").endswith((":", "=", ">"))
            if _looks_like_password(value, strong_separator=strong):
                found.append(Finding(start, end, "password"))
    for match in _URL_PASSWORD.finditer(text):
        start, end, value = _value_span(match)
        if len(value) >= MIN_PASSWORD_CHARS:
            found.append(Finding(start, end, "url_password"))
    return found


def _token_findings(text: str) -> list[Finding]:
    found = [Finding(*m.span(), "private_key") for m in _PRIVATE_KEY.finditer(text)]
    for kind, pattern in _TOKEN_SHAPES:
        found += [Finding(*m.span(), kind) for m in pattern.finditer(text)]
    for match in _KEYWORD_TOKEN.finditer(text):
        if _looks_like_token(match.group("bare")):
            found.append(Finding(*match.span("bare"), "token"))
    return found


def _merged(findings: list[Finding]) -> list[Finding]:
    """Overlapping findings become one, named after the longest (a JWT inside "token: …" is a JWT)."""
    merged: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if merged and finding.start < merged[-1].end:
            last = merged[-1]
            longer = last if last.end - last.start >= finding.end - finding.start else finding
            merged[-1] = Finding(last.start, max(last.end, finding.end), longer.kind)
        else:
            merged.append(finding)
    return merged


def find_secrets(text: str) -> list[Finding]:
    """Where secrets sit in ``text``, in order, without overlaps; [] for an ordinary message."""
    text = (text or "")[:MAX_SCAN_CHARS]
    if not text.strip():
        return []
    return [f for f in _merged(_token_findings(text) + _password_findings(text)) if f.end > f.start]
