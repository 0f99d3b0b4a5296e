"""Real mail written by others parses, and what we read matches what its authors expected (P1, P4).

Every message of the three ``corpus/email`` sources must give a result
without an exception; where django-helpdesk states the subject, body or
attachment names, ours must agree.
"""

from __future__ import annotations

import pytest

from hotro.mail.inbound import parse_message

from .corpus import LIMITS, files, load_json, params

MESSAGES = (
    files("email", "django-helpdesk", pattern="*.eml")
    + files("email", "cpython-test-email", "messages", pattern="*.txt")
    + files("email", "spamscope-mail-parser", "mails")
)
HELPDESK = load_json("email", "django-helpdesk", "expectations.json")


@pytest.mark.parametrize("path", params(MESSAGES, lambda p: f"{p.parent.name}/{p.name}"))
def test_every_corpus_message_parses_without_an_exception(path):
    """P1/P4: whatever a mailbox holds becomes a ticket message, not a traceback."""
    parsed = parse_message(path.read_bytes(), **LIMITS)
    assert not parsed.unparseable
    assert isinstance(parsed.subject, str) and "\n" not in parsed.subject
    assert parsed.from_email is None or parsed.from_email == parsed.from_email.lower()
    assert parsed.body_text or parsed.attachments or parsed.body_html or parsed.defects or parsed.subject


def _helpdesk(name: str):
    path = files("email", "django-helpdesk", pattern=name)
    if not path:
        pytest.skip("corpus not found")
    return parse_message(path[0].read_bytes(), **LIMITS), HELPDESK[name]


@pytest.mark.parametrize("name", [n for n in HELPDESK if n.endswith(".eml")] or ["absent.eml"])
def test_django_helpdesk_subjects_match_their_titles(name):
    """P1: the ticket subject is the decoded Subject (django-helpdesk cuts its titles at 200 chars; we do not)."""
    parsed, expected = _helpdesk(name)
    title = expected["title"]
    if title.endswith("..."):
        assert parsed.subject.startswith(title[:-3])
        assert len(parsed.subject) > 200
    else:
        assert parsed.subject == title


def test_a_utf8_8bit_body_and_b_encoded_subject_decode():
    parsed, expected = _helpdesk("all-special-chars.eml")
    assert parsed.body_text.strip() == expected["description"]
    assert parsed.from_email == "timothy.hobbs@auto-mat.cz"


def test_quoted_printable_alternative_parts_give_text_and_html():
    parsed, expected = _helpdesk("quoted_printable.eml")
    assert parsed.body_text.strip() == expected["description"]
    assert expected["description"] in parsed.body_html


def test_an_empty_body_keeps_its_attachment():
    """Nothing is dropped silently: the attachment named 'baf' is kept with its content."""
    parsed, _ = _helpdesk("blank-body-with-attachment.eml")
    assert parsed.body_text.strip() == ""
    assert [a.filename for a in parsed.attachments] == ["baf"]
    assert parsed.attachments[0].content


def test_a_pgp_signed_mail_keeps_its_body_and_signature_file():
    parsed, expected = _helpdesk("pgp.eml")
    assert parsed.body_text.strip() == expected["description"]
    [signature] = parsed.attachments
    assert expected["attachments"][0].endswith(signature.filename)
    assert signature.content.startswith(expected["attachment_content_starts_with"].encode())


def test_a_forwarded_outlook_block_is_in_the_body_but_not_in_the_reply():
    """P4: agents see the whole forward; the reply shown is what the sender wrote."""
    parsed, expected = _helpdesk("forwarded-message.eml")
    full, stripped = expected["cases"]
    for text in full["description_contains"]:
        assert text in parsed.body_text
    assert "This is email body" in parsed.reply_text
    for text in stripped["description_not_contains"]:
        assert text not in parsed.reply_text


def test_non_decodable_utf8_bytes_do_not_lose_the_message():
    parsed, expected = _helpdesk("utf-nondecodable.eml")
    for text in expected["description_contains"]:
        assert text in parsed.body_html or text in parsed.body_text
    assert "Cyklozaměstnavatel" in parsed.body_text
