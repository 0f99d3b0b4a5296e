"""Coverage-guided fuzzing (atheris, libFuzzer) of the mail parser that intake uses.

Run by ``make fuzz`` (``FUZZ_SECONDS``, default 60). Raw bytes go through the two functions
that read an inbound message's bytes: ``hotro.mail.intake.plan.parse`` (``parse_message``
with the settings' limits, then made safe to store) and ``hotro.mail.intake.store.peek_headers``
(the cheap header look before the INSERT). Both are documented never to raise: the parser
lists what it met in ``ParsedMail.defects``; so *any* exception escaping them is a crash, and
so is a result that breaks what intake relies on (text a database refuses, a wrong type).

``--strict`` also counts as a crash a message where the parser's own safety nets caught an
exception (defects "parser failed", "body walk stopped", "headers unreadable",
"classification failed"): nothing is lost to a traceback then, but part of the mail is, so
such an input is worth a look.

The corpus is made at run time: a few synthetic messages written by this script into the
work directory, plus, read in place and never copied, every file under ``--seeds`` (the
shared mail corpus, ``../shared/corpus``, when it is there). New inputs and crash files go to
the work directory (outside the project by default). Reproduce a crash with
``python fuzz/mail_parser.py -- CRASH_FILE``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotro.settings")
os.environ.setdefault("SECRET_KEY", "fuzz-only-not-secret")

# Instrumented as they are first imported: the project's mail code and the stdlib parser it drives.
with atheris.instrument_imports(include=["hotro.mail", "hotro.core.text", "email", "html"]):
    import django

    django.setup()
    from hotro.mail.inbound import ParsedMail
    from hotro.mail.intake.plan import parse
    from hotro.mail.intake.store import peek_headers

# Defects the parser records when one of its ``except Exception`` nets caught something.
SAFETY_NETS = ("parser failed", "body walk stopped", "headers unreadable", "classification failed")
STORED_TEXT = ("subject", "body_text", "body_html", "reply_text", "message_id", "from_email", "from_name")

SYNTHETIC_SEEDS: dict[str, bytes] = {
    "plain.eml": (
        b"From: =?utf-8?B?Tmd1eeG7hW4gVsSDbiBB?= <an@example.com>\r\nTo: support@cloudmini.example\r\n"
        b"Subject: =?utf-8?Q?M=C3=A1y_ch=E1=BB=A7_l=E1=BB=97i?=\r\nDate: Mon, 16 Feb 2026 09:00:00 +0700\r\n"
        b"Message-ID: <m1@example.com>\r\n\r\nVPS kh\xc3\xb4ng SSH \xc4\x91\xc6\xb0\xe1\xbb\xa3c.\r\n"
    ),
    "reply.eml": (
        b"From: an@example.com\nTo: support@cloudmini.example\nSubject: Re: [CM-000001] VPS\n"
        b"In-Reply-To: <CM-000001.1@cloudmini.example>\nReferences: <a@x> <b@y>\n"
        b"Authentication-Results: mx.cloudmini.example; spf=fail; dmarc=fail\n\n"
        + "Cảm ơn.\n\nVào 9:00 ngày 16/02, Hotro đã viết:\n> cũ\n".encode()
    ),
    "multipart.eml": (
        b'From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\n'
        b'Content-Type: multipart/alternative; boundary="C"\r\n\r\n--C\r\nContent-Type: text/plain; charset=utf-8\r\n'
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\nCh=C3=A0o anh\r\n--C\r\nContent-Type: text/html\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nPHA+Q2jDoG8gYW5oPC9wPg==\r\n--C--\r\n--B\r\n"
        b"Content-Type: message/rfc822\r\n\r\nFrom: x@y\r\nSubject: fwd\r\n\r\nold\r\n--B\r\n"
        b"Content-Type: application/pdf; name*=utf-8''a%C3%A0.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"JVBERi0=\r\n--B--\r\n"
    ),
    "bounce.eml": (
        b"From: MAILER-DAEMON@mx.example\r\nSubject: Undelivered Mail\r\nAuto-Submitted: auto-replied\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="R"\r\n\r\n--R\r\n'
        b"Content-Type: text/plain\r\n\r\nfailed\r\n--R\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Final-Recipient: rfc822; x@y.vn\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--R\r\n"
        b"Content-Type: text/rfc822-headers\r\n\r\nMessage-ID: <CM-1.x@cloudmini.example>\r\n--R--\r\n"
    ),
    "charset.eml": (
        b"From: \xc4\x90\xe1\xbb\x97 <d@x.vn>\nSubject: =?windows-1258?Q?Ma=F9y?=\n"
        b"Content-Type: text/html; charset=x-unknown\nContent-Disposition: inline; filename*=utf-8''%E2%80%AE.exe\n\n"
        b"<p>Xin ch\xe0o</p><script>x</script>\n"
    ),
}


def write_seeds(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in SYNTHETIC_SEEDS.items():
        (directory / f"seed-{name}").write_bytes(data)


def check(data: bytes, *, strict: bool) -> None:
    """What intake relies on; any exception raised here (or escaping the parser) is a crash."""
    parsed = parse(data)
    if not isinstance(parsed, ParsedMail):
        raise TypeError(f"parse returned {type(parsed).__name__}")
    for name in STORED_TEXT:
        value = getattr(parsed, name)
        if value is None:
            continue
        if not isinstance(value, str) or "\x00" in value:
            raise ValueError(f"{name} is not storable text: {value!r:.80}")
        value.encode("utf-8")  # a lone surrogate raises here
    for attachment in parsed.attachments:
        attachment.filename.encode("utf-8")
        if attachment.content is not None and len(attachment.content) != attachment.size:
            raise ValueError("attachment size differs from its content")
    parsed.as_check_dict()
    if strict:
        caught = [defect for defect in parsed.defects if defect.startswith(SAFETY_NETS)]
        if caught:
            raise RuntimeError(f"a safety net caught: {caught}")
    peeked = peek_headers(data)
    if set(peeked) != {"message_id", "from_email", "subject"} or not all(isinstance(v, str) for v in peeked.values()):
        raise ValueError(f"peek_headers gave {peeked!r:.120}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="fuzz this long, then stop (0: no limit)")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "hotro-fuzz-mail",
        help="where the growing corpus and crash files go (outside the project by default)",
    )
    parser.add_argument("--seeds", type=Path, action="append", default=[], help="read-only seed directories")
    parser.add_argument("--strict", action="store_true", help="a caught exception inside the parser is a crash too")
    parser.add_argument("libfuzzer", nargs="*", help="after --: libFuzzer's own arguments or files to run")
    args = parser.parse_args()

    corpus, crashes = args.work / "corpus", args.work / "crashes"
    write_seeds(corpus)
    crashes.mkdir(parents=True, exist_ok=True)
    files_only = args.libfuzzer and all(Path(item).is_file() for item in args.libfuzzer)
    argv = [sys.argv[0], *args.libfuzzer]
    if not files_only:  # a fuzzing run; with only files given, libFuzzer runs just those
        seeds = [str(path) for path in args.seeds if path.is_dir()]
        argv += [
            str(corpus),
            *seeds,
            f"-max_total_time={args.seconds}",
            f"-artifact_prefix={crashes}/",
            "-max_len=65536",
            "-timeout=20",
            "-rss_limit_mb=4096",
            "-print_final_stats=1",
        ]
        print(f"fuzzing the mail parser for {args.seconds}s; corpus {corpus}, seeds {seeds or 'none'}")
        print(f"crashes and slow inputs go to {crashes}")

    strict = args.strict
    atheris.Setup(argv, lambda data: check(data, strict=strict))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
