"""Spotting secrets pasted in ordinary messages, in Vietnamese and English; ordinary messages stay unflagged."""

from __future__ import annotations

import pytest

from hotro.vault.detection import find_secrets

PRIVATE_KEY = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "-----END OPENSSH PRIVATE KEY-----"
)
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"


@pytest.mark.parametrize(
    ("text", "kind", "secret"),
    [
        ("Chào anh, mật khẩu root là Abc@12345 nhé", "password", "Abc@12345"),
        ("mật khẩu của vps1 là: Tr0ub4dor&3", "password", "Tr0ub4dor&3"),
        ("Mat khau: hunter2", "password", "hunter2"),
        ("MK: 12345678", "password", "12345678"),
        ('Mật khẩu mới của em là "ngua vang 9"', "password", "ngua vang 9"),
        ("password = S3cret!", "password", "S3cret!"),
        ("The password for vps1 is Xk9#pLm2.", "password", "Xk9#pLm2"),
        ("pass: sunshine", "password", "sunshine"),
        ("pwd=qwerty99", "password", "qwerty99"),
        ("DATABASE_URL=mysql://root:Tr0ub4dor@127.0.0.1/shop", "url_password", "Tr0ub4dor"),
        (f"Key đây anh:\n{PRIVATE_KEY}\nCảm ơn", "private_key", PRIVATE_KEY),
        ("AKIAIOSFODNN7EXAMPLE là access key", "aws_key", "AKIAIOSFODNN7EXAMPLE"),
        ("token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "github_token", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
        ("bot: xoxb-123456789012-abcdefghij", "slack_token", "xoxb-123456789012-abcdefghij"),
        (f"Authorization: Bearer {JWT}", "jwt", JWT),
        (
            "api key: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "token",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        ),
        ("secret key là dGhpc0lzQVNlY3JldEtleTEyMzQ1Njc4OTA=", "token", "dGhpc0lzQVNlY3JldEtleTEyMzQ1Njc4OTA="),
    ],
)
def test_it_finds_the_secret_value_and_leaves_the_words_around_it(text, kind, secret):
    findings = find_secrets(text)
    assert [(f.kind, text[f.start : f.end]) for f in findings] == [(kind, secret)]


@pytest.mark.parametrize(
    "text",
    [
        "Tôi quên mật khẩu, làm sao để đặt lại?",
        "Mật khẩu là gì vậy anh?",
        "mật khẩu đã bị đổi, tôi không đăng nhập được",
        "Mật khẩu không đúng, anh xem giúp em",
        "I forgot my password and the reset link does not work",
        "The password is incorrect, please help",
        "My password is wrong",
        "Can you pass the ticket to sales?",
        "Please check the key points of our contract",
        "Key: the main reason is latency",
        "The token expired yesterday",
        "Our server IP is 103.20.1.1 and port 22",
        "Đơn hàng mã 1234567890 thanh toán ngày 05/12",
        "commit 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b is deployed",
        "https://cloudmini.example/tickets/CM-000123",
        "password: ",
        "",
    ],
)
def test_ordinary_messages_are_not_flagged(text):
    assert find_secrets(text) == []


def test_several_secrets_in_one_message_are_found_in_order_without_overlap():
    text = f"user root\nmật khẩu: Abc@12345\ntoken {JWT}"
    kinds = [f.kind for f in find_secrets(text)]
    assert kinds == ["password", "jwt"]
