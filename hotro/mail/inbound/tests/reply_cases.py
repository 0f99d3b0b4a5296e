"""The reply corpora's expectations, restated as checks on ``extract_reply``.

Each upstream library checks its own data structure (fragments, replies,
signatures); we keep the checks that speak about the newest reply and map
them onto our one string result:

- ``replies[0].body`` / ``parse_reply`` / ``reply``: the reply without signature;
- ``replies[0].content`` / ``latest_reply`` / ``fragments[0].content``: the reply with its signature;
- ``replies[0].signatures`` contains X: X is gone from the reply.

Checks about later fragments or fragment counts have no counterpart and are left out.
"""

from __future__ import annotations

import email
import re
import time
from dataclasses import dataclass, field
from email import policy

from hotro.mail.inbound.reply import extract_reply, extract_reply_html

from .corpus import files, load_json


@dataclass
class Case:
    source: str
    name: str
    run: object = None  # a callable returning a list of failure messages
    extra: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.source}/{self.name}"


def _apply(op: str, got: str, value) -> bool:  # type: ignore[no-untyped-def]
    if op == "equals":
        return got == value
    if op == "contains":
        return value in got
    if op == "not_contains":
        return value not in got
    if op == "startswith":
        return got.startswith(value)
    if op == "regex_match":
        return re.match(value, got) is not None
    if op == "len_equals":
        return len(got.split("\n")) == value
    raise AssertionError(op)


def _rstrip_lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


# -- talon ----------------------------------------------------------------------


def talon_cases() -> list[Case]:
    expected = load_json("email-replies", "talon", "expectations.json")
    if not expected:
        return []
    cases: list[Case] = []
    for name, want in expected["standard_replies"]["cases"].items():
        cases.append(Case("talon-standard", name, _talon_standard(name, want)))
    text = expected["html_replies"]["expected_text"]
    for name in expected["html_replies"]["files"]:
        cases.append(Case("talon-html", name, _talon_html(("html_replies", name), text)))
    for name in ("OLK_SRC_BODY_SECTION.html", "reply-separated-by-hr.html"):
        html = expected[name]["expected_html_no_whitespace"]
        cases.append(Case("talon-html", name, _talon_html((name,), re.sub(r"<[^>]+>", "", html))))
    cases.append(Case("talon-plain", "reply-quotations-share-block.eml", _talon_share_block))
    for name in expected["signature/emails/stripped"]["names"]:
        cases.append(Case("talon-signature", name, _talon_signature(name)))
    return cases


def _talon_standard(name: str, want: str):  # type: ignore[no-untyped-def]
    def run() -> list[str]:
        [path] = files("email-replies", "talon", "standard_replies", pattern=name)
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        part = next(p for p in msg.walk() if p.get_content_type() == "text/plain")
        # talon extracts quotations only; its expected replies keep signatures.
        got = extract_reply(part.get_content(), strip_signature=False)
        return [] if _rstrip_lines(got) == _rstrip_lines(want) else [f"got {got!r}"]

    return run


def _talon_html(where: tuple[str, ...], want: str):  # type: ignore[no-untyped-def]
    def run() -> list[str]:
        [path] = files("email-replies", "talon", *where[:-1], pattern=where[-1])
        got = extract_reply_html(path.read_text(encoding="utf-8"), strip_signature=False)
        same = re.sub(r"\s", "", got) == re.sub(r"\s", "", want)
        return [] if same else [f"got {got!r}"]

    return run


def _talon_share_block() -> list[str]:
    [path] = files("email-replies", "talon", pattern="reply-quotations-share-block.eml")
    got = extract_reply(path.read_text(encoding="utf-8", errors="replace"))
    return [] if got and "From" not in got else [f"got {got[:200]!r}"]


def _talon_signature(name: str):  # type: ignore[no-untyped-def]
    def run() -> list[str]:
        folder = ("email-replies", "talon", "signature", "emails", "stripped")
        body = files(*folder, pattern=f"{name}_body")[0].read_text(encoding="utf-8")
        signature = files(*folder, pattern=f"{name}_signature")[0].read_text(encoding="utf-8").strip()
        want = body.strip()[: body.strip().rfind(signature)].strip() if signature in body else body.strip()
        got = extract_reply(body)
        return [] if _rstrip_lines(got) == _rstrip_lines(want) else [f"got {got!r}, want {want!r}"]

    return run


# -- mail-parser-reply ------------------------------------------------------------


def mail_parser_reply_cases() -> list[Case]:
    expected = load_json("email-replies", "mail-parser-reply", "expectations.json")
    cases = []
    for name, runs in expected.get("cases", {}).items():
        checks = []
        for run in runs:
            for field_name, op, value in run.get("checks", []):
                mapped = _map_mpr(field_name, op)
                if mapped:
                    checks.append((run["languages"], run.get("options", {}), mapped, op, value))
        if checks:
            cases.append(Case("mail-parser-reply", name, _mpr_run(name, checks)))
    return cases


def _map_mpr(field_name: str, op: str) -> str | None:
    if field_name == "replies[0].body":
        return "body"
    if field_name in {"replies[0].content", "latest_reply.split('\\n')"}:
        return "content"
    if field_name == "replies[0].signatures" and op in {"contains", "startswith"}:
        return "signature"
    return None


def _mpr_run(name: str, checks: list):  # type: ignore[no-untyped-def]
    def run() -> list[str]:
        text = files("email-replies", "mail-parser-reply", "emails", pattern=name)[0].read_text(encoding="utf-8")
        failures = []
        for languages, options, mapped, op, value in checks:
            keep = bool(options.get("keep_hyphen_lists", False))
            got = extract_reply(text, languages, keep_hyphen_lists=keep, strip_signature=mapped == "body")
            if mapped == "signature":
                ok = value not in extract_reply(text, languages, keep_hyphen_lists=keep)
            else:
                ok = _apply(op, got, value)
            if not ok:
                failures.append(f"{mapped} {op} {value!r}: got {got[:300]!r}")
        return failures

    return run


# -- zapier / github email_reply_parser ------------------------------------------------


def zapier_cases() -> list[Case]:
    expected = load_json("email-replies", "zapier-email-reply-parser", "expectations.json")
    cases = []
    for name, spec in expected.get("cases", {}).items():
        checks = [(f, op, v) for f, op, v in spec.get("checks", []) if _map_zapier(f)]
        if checks:
            cases.append(Case("zapier", name, _zapier_run(name, checks)))
    return cases


def _map_zapier(field_name: str) -> str | None:
    if field_name in {"parse_reply", "reply", "reply.strip()"}:
        return "body"
    if field_name == "fragments[0].content":
        return "content"
    if field_name == "parse_time_seconds":
        return "time"
    return None


def _zapier_run(name: str, checks: list):  # type: ignore[no-untyped-def]
    def run() -> list[str]:
        text = files("email-replies", "zapier-email-reply-parser", "emails", pattern=name)[0].read_text(
            encoding="utf-8"
        )
        failures = []
        for field_name, op, value in checks:
            mapped = _map_zapier(field_name)
            started = time.monotonic()
            got = extract_reply(text, ("en",), strip_signature=mapped != "content")
            elapsed = time.monotonic() - started
            ok = elapsed < value if mapped == "time" else _apply(op, got, value)
            if not ok:
                failures.append(f"{field_name} {op} {value!r}: got {got[:300]!r}")
        return failures

    return run


def all_cases() -> list[Case]:
    return talon_cases() + mail_parser_reply_cases() + zapier_cases()
