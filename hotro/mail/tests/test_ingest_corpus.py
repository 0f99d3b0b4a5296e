"""Every message of the third-party corpus goes through ``mail_ingest --dry-run`` without a crash (P1).

The report must carry the subject and sender the parser reads, and the dry
run must store nothing, whatever the message is (spam, broken MIME, bounces,
an Outlook .msg that is not a mail at all).
"""

from __future__ import annotations

import pytest

from hotro.mail.inbound import parse_message
from hotro.mail.inbound.tests.corpus import LIMITS, files, params
from hotro.mail.models import InboundMail

from .intake_helpers import run_command

MESSAGES = (
    files("email", "django-helpdesk", pattern="*.eml")
    + files("email", "cpython-test-email", "messages", pattern="*.txt")
    + files("email", "spamscope-mail-parser", "mails")
)
STATUSES = {"created", "appended", "ignored", "bounce", "duplicate", "failed"}


@pytest.mark.parametrize("path", params(MESSAGES, lambda p: f"{p.parent.name}/{p.name}"))
def test_a_corpus_message_goes_through_the_dry_run_with_its_subject_and_sender(path, provider_defaults, settings):
    settings.HOTRO_ATTACHMENT_MAX_BYTES = LIMITS["max_attachment_bytes"]
    settings.HOTRO_ATTACHMENT_MAX_COUNT = LIMITS["max_attachments"]
    [line] = run_command("--dry-run", str(path))
    expected = parse_message(path.read_bytes(), **LIMITS)
    assert line["file"] == str(path)
    assert line["status"] in STATUSES
    assert line["subject"] == expected.subject
    assert line["from_email"] == expected.from_email
    if expected.from_email and not (expected.is_bounce or expected.is_auto_reply):
        assert line["status"] in {"created", "appended"}, line["reason"]
    assert not InboundMail.objects.exists()
