"""SMS segment counting (P7: agents see what a reply will cost before sending it)."""

import pytest

from hotro.phone.segments import count_segments


@pytest.mark.parametrize(
    ("text", "encoding", "count"),
    [
        ("", "GSM-7", 0),
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("a" * 306, "GSM-7", 2),
        ("a" * 307, "GSM-7", 3),
        ("{" * 80, "GSM-7", 1),  # extension characters take two places
        ("{" * 81, "GSM-7", 2),
        ("Đã khởi động lại VPS", "UCS-2", 1),
        ("ạ" * 70, "UCS-2", 1),
        ("ạ" * 71, "UCS-2", 2),
        ("ạ" * 134, "UCS-2", 2),
        ("ạ" * 135, "UCS-2", 3),
        ("🙂" * 35, "UCS-2", 1),  # outside the BMP: two UTF-16 units each
        ("🙂" * 36, "UCS-2", 2),
    ],
)
def test_segments(text, encoding, count):
    segments = count_segments(text)
    assert (segments.encoding, segments.count) == (encoding, count)
