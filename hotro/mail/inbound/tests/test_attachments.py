"""Attachments are kept or listed as withheld with the reason; none vanishes (DESIGN: nothing received is lost)."""

from __future__ import annotations

import base64

from hotro.mail.inbound import WITHHELD_TOO_LARGE, WITHHELD_TOO_MANY, parse_message


def _multipart(parts: list[str]) -> bytes:
    body = "".join(f"--B\r\n{part}\r\n" for part in parts)
    return (
        "From: a@example.com\r\nSubject: files\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
        f"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nXem file đính kèm.\r\n{body}--B--\r\n"
    ).encode()


def _file(name: str, data: bytes, kind: str = "application/octet-stream", extra: str = "") -> str:
    encoded = base64.b64encode(data).decode()
    disposition = f'attachment; filename="{name}"' if name else "attachment"
    return f"Content-Type: {kind}\r\nContent-Disposition: {disposition}\r\n{extra}Content-Transfer-Encoding: base64\r\n\r\n{encoded}"


def test_files_over_the_count_limit_are_listed_as_withheld():
    raw = _multipart([_file(f"f{i}.txt", b"x") for i in range(4)])
    parsed = parse_message(raw, max_attachment_bytes=100, max_attachments=2)
    assert [a.filename for a in parsed.attachments] == ["f0.txt", "f1.txt", "f2.txt", "f3.txt"]
    assert [a.withheld_reason for a in parsed.attachments] == [None, None, WITHHELD_TOO_MANY, WITHHELD_TOO_MANY]
    assert parsed.attachments[2].content is None and parsed.attachments[2].withheld_message


def test_a_file_over_the_size_limit_is_withheld_with_its_size():
    parsed = parse_message(_multipart([_file("big.log", b"y" * 101)]), max_attachment_bytes=100, max_attachments=5)
    [big] = parsed.attachments
    assert (big.withheld_reason, big.size, big.content) == (WITHHELD_TOO_LARGE, 101, None)


def test_rfc2231_and_rfc2047_filenames_are_decoded_and_paths_stripped():
    rfc2231 = "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename*=utf-8''H%C3%B3a%20%C4%91%C6%A1n.pdf\r\n\r\nx"
    rfc2047 = _file("=?utf-8?B?SOG7o3AgxJHhu5NuZy5kb2N4?=", b"x")
    traversal = _file("../../etc/passwd", b"x")
    parsed = parse_message(_multipart([rfc2231, rfc2047, traversal]), max_attachment_bytes=100, max_attachments=5)
    assert [a.filename for a in parsed.attachments] == ["Hóa đơn.pdf", "Hợp đồng.docx", "passwd"]


def test_a_nameless_part_gets_a_generated_name_from_its_type():
    parsed = parse_message(_multipart([_file("", b"x", "image/png")]), max_attachment_bytes=100, max_attachments=5)
    assert [a.filename for a in parsed.attachments] == ["part-1.png"]


def test_an_inline_cid_image_keeps_its_content_id():
    image = _file("logo.png", b"png", "image/png", "Content-ID: <logo@x>\r\n").replace("attachment;", "inline;")
    parsed = parse_message(_multipart([image]), max_attachment_bytes=100, max_attachments=5)
    [logo] = parsed.attachments
    assert (logo.content_id, logo.inline, logo.content) == ("logo@x", True, b"png")


def test_tnef_and_calendar_invites_are_kept_as_files():
    tnef = _file("winmail.dat", b"\x78\x9f\x3e\x22", "application/ms-tnef")
    invite = "Content-Type: text/calendar; method=REQUEST; charset=utf-8\r\n\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR"
    parsed = parse_message(_multipart([tnef, invite]), max_attachment_bytes=100, max_attachments=5)
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [
        ("winmail.dat", "application/ms-tnef"),
        ("part-2.ics", "text/calendar"),
    ]
    assert parsed.body_text == "Xem file đính kèm."


def test_a_forwarded_message_is_kept_as_eml_and_its_text_shown():
    forwarded = (
        "Content-Type: message/rfc822\r\n\r\nFrom: b@example.com\r\nSubject: Lỗi DNS\r\n\r\nDNS không phân giải."
    )
    parsed = parse_message(_multipart([forwarded]), max_attachment_bytes=1000, max_attachments=5)
    assert [a.filename for a in parsed.attachments] == ["Lỗi DNS.eml"]
    assert "DNS không phân giải." in parsed.body_text
    assert parsed.reply_text == "Xem file đính kèm."


def test_an_html_only_mail_is_sanitised_and_turned_into_text():
    raw = (
        b"From: a@example.com\r\nSubject: html\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<html><head><style>p{color:red}</style><script>alert(1)</script></head>"
        b"<body><p>Xin ch\xc3\xa0o</p><p>D\xc3\xb2ng 2<br>D\xc3\xb2ng 3</p><img src=cid:a onerror=x()></body></html>"
    )
    parsed = parse_message(raw, max_attachment_bytes=100, max_attachments=5)
    assert parsed.body_text == "Xin chào\n\nDòng 2\nDòng 3"
    assert "script" not in parsed.body_html and "onerror" not in parsed.body_html
    assert 'src="cid:a"' in parsed.body_html


def test_the_checking_interface_lists_the_fields_ingest_needs():
    parsed = parse_message(_multipart([_file("a.txt", b"x")]), max_attachment_bytes=100, max_attachments=5)
    assert parsed.as_check_dict() == {
        "message_id": None,
        "from_email": "a@example.com",
        "from_name": None,
        "subject": "files",
        "body_text": "Xem file đính kèm.",
        "reply_text": "Xem file đính kèm.",
        "attachments": ["a.txt"],
    }
