"""Small Vietnamese and English vocabularies for realistic ticket text (names, subjects, bodies).

Bodies are built from a pool of sentences made of support phrases plus the tokens real
tickets carry (IP addresses, error codes, order numbers), so a search index sees a
realistic mix of common words and rare, selective ones.
"""

from __future__ import annotations

import random

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Hữu", "Đức", "Thanh", "Quốc", "Gia", "Bảo", "Anh", "Thu"]
GIVEN = [
    "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Huy", "Khánh", "Lan",
    "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn",
    "Việt", "Yến",
]  # fmt: skip
EN_GIVEN = ["James", "Emma", "Oliver", "Sophie", "Liam", "Chloe", "Noah", "Grace", "Lucas", "Mia", "Ethan", "Ava"]
EN_FAMILY = ["Smith", "Brown", "Wilson", "Taylor", "Clarke", "Walker", "Wright", "Hall", "Young", "King"]

VI_SUBJECTS = [
    "VPS không truy cập được", "Không SSH được vào máy chủ", "Website báo lỗi 502 Bad Gateway",
    "Yêu cầu gia hạn tên miền", "Hoá đơn tháng này bị tính sai", "Xin nâng cấp gói VPS lên 8GB RAM",
    "Máy chủ chạy chậm bất thường", "Không nhận được email từ hosting", "Cài đặt lại hệ điều hành Ubuntu 22.04",
    "Chứng chỉ SSL hết hạn", "Mất dữ liệu sau khi khởi động lại", "Xin hoàn tiền dịch vụ hosting",
    "Lỗi kết nối cơ sở dữ liệu MySQL", "Yêu cầu xuất hoá đơn VAT", "Tên miền chưa trỏ về VPS",
    "Băng thông bị giới hạn", "Ổ đĩa đầy, không ghi được file", "Không đăng nhập được cPanel",
    "Xin cấp thêm địa chỉ IP", "Bị tấn công DDoS", "Thanh toán chuyển khoản chưa được xác nhận",
    "Sao lưu tự động không chạy", "Cổng 25 bị chặn", "Hỏi về chính sách hoàn tiền",
]  # fmt: skip
EN_SUBJECTS = [
    "Cannot reach my VPS", "SSH connection refused", "Website returns 502 Bad Gateway", "Domain renewal request",
    "Invoice amount looks wrong", "Upgrade VPS plan to 8GB RAM", "Server is unusually slow",
    "Not receiving email on hosting", "Reinstall Ubuntu 22.04", "SSL certificate expired",
    "Data missing after reboot", "Refund request for hosting", "MySQL connection errors", "Need a VAT invoice",
    "Domain not pointing to VPS", "Bandwidth throttled", "Disk full, cannot write files", "Cannot log in to cPanel",
    "Request an extra IP address", "Under DDoS attack", "Bank transfer not confirmed yet", "Backups not running",
    "Port 25 blocked", "Question about the refund policy",
]  # fmt: skip
VI_PHRASES = [
    "Chào anh chị bộ phận hỗ trợ", "máy chủ của tôi không truy cập được từ sáng nay",
    "tôi đã thử khởi động lại nhưng vẫn không được", "nhờ anh chị kiểm tra giúp", "website hiển thị lỗi kết nối",
    "dịch vụ đang chạy bán hàng nên rất gấp", "tôi cần xuất hoá đơn cho công ty", "xin cảm ơn",
    "chúng tôi đã kiểm tra và thấy tường lửa chặn cổng", "anh chị vui lòng thử lại sau vài phút",
    "ổ cứng đã gần đầy", "tôi muốn nâng cấp thêm RAM và CPU", "tên miền đã được gia hạn thành công",
    "chúng tôi đã khôi phục bản sao lưu gần nhất", "lỗi do cấu hình Nginx sai", "mật khẩu root đã được đặt lại",
    "hệ thống đang bảo trì", "tôi đã chuyển khoản từ hôm qua", "xin gửi kèm ảnh chụp màn hình",
    "nhân viên kỹ thuật sẽ liên hệ lại", "máy chủ bị quá tải do tiến trình PHP", "đã mở lại cổng SSH",
    "vui lòng cung cấp mã đơn hàng", "chúng tôi xin lỗi vì sự bất tiện này", "tốc độ mạng rất chậm vào buổi tối",
    "email gửi đi bị vào thư rác", "tôi không nhận được mã xác thực", "chứng chỉ SSL đã được cài lại",
]  # fmt: skip
EN_PHRASES = [
    "Hello support team", "my server has been unreachable since this morning", "I already tried a reboot",
    "could you please have a look", "the website shows a connection error", "this is our production shop",
    "I need an invoice for my company", "thank you", "we checked and the firewall blocks the port",
    "please try again in a few minutes", "the disk is almost full", "I would like more RAM and CPU",
    "the domain has been renewed", "we restored the latest backup", "the Nginx configuration was wrong",
    "the root password has been reset", "maintenance is in progress", "I paid by bank transfer yesterday",
    "screenshot attached", "a technician will contact you", "a PHP process overloads the server",
    "the SSH port is open again", "please send your order number", "sorry for the inconvenience",
    "the network is slow in the evening", "outgoing mail lands in spam", "I did not get the verification code",
    "the SSL certificate was reinstalled",
]  # fmt: skip
FILENAMES = [
    ("screenshot.png", "image/png"), ("error.log", "text/plain"), ("invoice.pdf", "application/pdf"),
    ("nginx.conf", "text/plain"), ("anh-chup-man-hinh.jpg", "image/jpeg"), ("hoa-don.pdf", "application/pdf"),
    ("dmesg.txt", "text/plain"), ("backup-list.csv", "text/csv"),
]  # fmt: skip


def _token(rng: random.Random) -> str:
    """A rare, searchable token: an IP address, an error code, an order or invoice number."""
    kind = rng.randrange(4)
    if kind == 0:
        return f"103.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    if kind == 1:
        return f"ERR-{rng.randrange(100, 999)}"
    if kind == 2:
        return f"ĐH{rng.randrange(100000, 999999)}"
    return f"INV-{rng.randrange(2022, 2026)}-{rng.randrange(10000, 99999)}"


def sentence_pool(rng: random.Random, phrases: list[str], size: int) -> list[str]:
    """``size`` distinct-ish sentences of 2 to 4 phrases, a third of them carrying a rare token."""
    pool = []
    for _ in range(size):
        parts = rng.sample(phrases, rng.randint(2, 4))
        if rng.random() < 0.33:
            parts.insert(rng.randrange(len(parts) + 1), _token(rng))
        text = ", ".join(parts)
        pool.append(text[0].upper() + text[1:] + ".")
    return pool


class TextMaker:
    """Fast body/subject generation from pre-built sentence pools (one per language)."""

    def __init__(self, rng: random.Random, pool_size: int = 4000) -> None:
        self.rng = rng
        self.pools = {"vi": sentence_pool(rng, VI_PHRASES, pool_size), "en": sentence_pool(rng, EN_PHRASES, pool_size)}
        self.subjects = {"vi": VI_SUBJECTS, "en": EN_SUBJECTS}

    def subject(self, language: str) -> str:
        subject = self.rng.choice(self.subjects[language])
        return f"{subject} ({_token(self.rng)})" if self.rng.random() < 0.2 else subject

    def body(self, language: str) -> str:
        return "\n".join(self.rng.choices(self.pools[language], k=self.rng.randint(1, 5)))


def person_name(rng: random.Random, language: str) -> str:
    if language == "en":
        return f"{rng.choice(EN_GIVEN)} {rng.choice(EN_FAMILY)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
