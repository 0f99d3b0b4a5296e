"""Replies from Vietnamese mail clients lose their quoted history and signature (P4)."""

from __future__ import annotations

from hotro.mail.inbound import extract_reply, extract_reply_html

QUOTED = "> Chào anh,\n> Máy chủ đã được khởi động lại.\n"


def test_a_gmail_vietnamese_quote_header_ends_the_reply():
    text = (
        "Dạ em cảm ơn, máy chủ đã chạy lại bình thường.\n\n"
        "Vào Th 2, 16 thg 2, 2026 lúc 09:00 Nguyễn Văn A <a@example.com> đã viết:\n" + QUOTED
    )
    assert extract_reply(text) == "Dạ em cảm ơn, máy chủ đã chạy lại bình thường."


def test_a_gmail_vietnamese_quote_header_wrapped_over_two_lines_ends_the_reply():
    text = (
        "Vẫn chưa vào được ạ.\n\n"
        "Vào Th 2, 16 thg 2, 2026 lúc 09:00 Hỗ trợ Cloudmini <\nsupport@cloudmini.example> đã viết:\n\n" + QUOTED
    )
    assert extract_reply(text) == "Vẫn chưa vào được ạ."


def test_an_outlook_vietnamese_header_block_ends_the_reply():
    text = (
        "Em gửi lại hóa đơn như yêu cầu.\n\n"
        "Từ: Hỗ trợ Cloudmini <support@cloudmini.example>\n"
        "Đã gửi: Thứ Hai, 16 tháng 2, 2026 9:00 SA\n"
        "Đến: Nguyễn Văn A <a@example.com>\n"
        "Chủ đề: [CM-1042] Hóa đơn tháng 2\n\n"
        "Chào anh,\nAnh vui lòng gửi lại hóa đơn.\n"
    )
    assert extract_reply(text) == "Em gửi lại hóa đơn như yêu cầu."


def test_a_thu_goc_separator_ends_the_reply():
    text = "Ok anh.\n\n-------- Thư gốc --------\nTừ: support@cloudmini.example\nNội dung cũ\n"
    assert extract_reply(text) == "Ok anh."


def test_an_original_message_separator_ends_the_reply():
    text = "Thanks.\n\n-----Original Message-----\nFrom: support@cloudmini.example\nOld text\n"
    assert extract_reply(text) == "Thanks."


def test_a_dash_dash_signature_and_vietnamese_closing_are_removed():
    text = "Nhờ anh kiểm tra giúp em.\n\nTrân trọng,\nNguyễn Văn A\n-- \nCông ty ABC\n"
    assert extract_reply(text) == "Nhờ anh kiểm tra giúp em."


def test_a_sent_from_phone_line_in_vietnamese_is_removed():
    assert extract_reply("Em đã thanh toán rồi ạ.\n\nĐược gửi từ iPhone của tôi\n") == "Em đã thanh toán rồi ạ."


def test_a_hyphen_list_is_not_mistaken_for_a_signature():
    text = "Các bước em đã làm:\n- khởi động lại VPS\n- đổi mật khẩu\n"
    assert extract_reply(text) == text.strip()


def test_an_answer_below_the_quote_is_kept():
    text = "Vào Th 2, 16 thg 2, 2026 lúc 09:00 A <a@example.com> đã viết:\n> Anh đã thử chưa?\n\nEm thử rồi ạ.\n"
    assert extract_reply(text) == "Em thử rồi ạ."


def test_gmail_html_quote_container_is_cut():
    html = (
        '<div dir="ltr">Em cảm ơn ạ.<br></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
        "Vào Th 2, 16 thg 2, 2026 lúc 09:00 A &lt;a@example.com&gt; đã viết:<br></div>"
        "<blockquote>Chào anh</blockquote></div>"
    )
    assert extract_reply_html(html) == "Em cảm ơn ạ."


def test_outlook_html_reply_header_is_cut():
    html = '<p>Đã nhận.</p><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>Từ:</b> x</div><p>cũ</p>'
    assert extract_reply_html(html) == "Đã nhận."
