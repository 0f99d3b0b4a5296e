"""The provider's products with their support limits (P14), the scope of the desk's categories (P13)
and the scope hints, loaded idempotently by ``load_provider_defaults``: what exists is the admin's."""

from __future__ import annotations

from collections.abc import Callable

from hotro.catalog.models import CategoryScope, Product, Scope, ScopeHint, SupportLevel
from hotro.desk.models import Category, Department

_COMMON_VI = (
    "mạng, hạ tầng ảo hoá (hypervisor), khởi tạo dịch vụ, hệ điều hành như khi bàn giao, cấu hình do {p} thực hiện"
)
_COMMON_EN = "network, hypervisor, provisioning, the OS image as delivered, configuration done by {p}"
_APPS_VI = "ứng dụng khách hàng tự cài đặt, mã nguồn của khách hàng, cấu hình do khách hàng tự thay đổi"
_APPS_EN = "applications the customer installed, the customer's source code, configuration the customer changed"

# slug, Vietnamese, English, level, supported (vi, en), not supported (vi, en)
PRODUCTS: list[tuple[str, str, str, str, str, str, str, str]] = [
    (
        "cloud-vps",
        "Cloud VPS",
        "Cloud VPS",
        SupportLevel.UNMANAGED,
        _COMMON_VI.format(p="Cloudmini"),
        _COMMON_EN.format(p="Cloudmini"),
        _APPS_VI + ", phần mềm quản trị (control panel) khách hàng tự cài",
        _APPS_EN + ", control panels the customer installed",
    ),
    (
        "dedicated-server",
        "Máy chủ riêng",
        "Dedicated server",
        SupportLevel.UNMANAGED,
        "phần cứng, mạng, nguồn điện, cài đặt hệ điều hành ban đầu, truy cập IPMI/KVM",
        "hardware, network, power, the initial OS installation, IPMI/KVM access",
        _APPS_VI,
        _APPS_EN,
    ),
    (
        "shared-hosting",
        "Web hosting",
        "Shared hosting",
        SupportLevel.MANAGED,
        "máy chủ web, PHP, cơ sở dữ liệu, bảng điều khiển hosting, chứng chỉ SSL do Cloudmini cấp",
        "web server, PHP, databases, the hosting control panel, SSL certificates issued by Cloudmini",
        "mã nguồn website, plugin và giao diện WordPress hoặc mã nguồn mở khác, lỗi ứng dụng của khách hàng",
        "website source code, WordPress (or other) plugins and themes, the customer's application errors",
    ),
    (
        "domain",
        "Tên miền",
        "Domain name",
        SupportLevel.MANAGED,
        "đăng ký, gia hạn, chuyển tên miền, DNS do Cloudmini quản lý",
        "registration, renewal, transfer, DNS hosted by Cloudmini",
        "DNS tại nhà cung cấp khác, website và email dùng tên miền",
        "DNS hosted elsewhere, websites and email using the domain",
    ),
    (
        "email-hosting",
        "Email doanh nghiệp",
        "Email hosting",
        SupportLevel.MANAGED,
        "máy chủ email, hộp thư, bản ghi SPF/DKIM do Cloudmini cấu hình, webmail",
        "mail servers, mailboxes, SPF/DKIM records set up by Cloudmini, webmail",
        "cấu hình phần mềm email trên máy của khách hàng, thư bị máy chủ nhận từ chối do nội dung",
        "mail client set-up on the customer's devices, mail refused by receiving servers for its content",
    ),
    (
        "backup",
        "Sao lưu dữ liệu",
        "Backup",
        SupportLevel.MANAGED,
        "lịch sao lưu, lưu trữ bản sao lưu, khôi phục bản sao lưu theo yêu cầu",
        "backup schedules, storing the backups, restoring a backup on request",
        "dữ liệu không nằm trong phạm vi sao lưu đã đăng ký, tính nhất quán của ứng dụng khách hàng",
        "data outside the subscribed backup scope, the consistency of the customer's applications",
    ),
]

# A category of the Technical department for what P13 excludes, so the form can say so before submitting.
OUT_OF_SCOPE_CATEGORY = (
    "customer-software",
    "Ứng dụng tự cài đặt, mã nguồn",
    "Software you installed, your source code",
)
OUT_OF_SCOPE_NOTE = (
    "Theo chính sách hỗ trợ, các vấn đề của ứng dụng Quý khách tự cài đặt trên máy chủ hoặc mã nguồn "
    "của Quý khách nằm ngoài phạm vi hỗ trợ. Quý khách vẫn có thể gửi yêu cầu; nhân viên hỗ trợ sẽ phản hồi "
    "trong phạm vi chính sách."
)
OUT_OF_SCOPE_NOTE_EN = (
    "Under our support policy, problems with applications you installed on the server or with your own "
    "source code are outside the scope of support. You may still send the request; our staff will answer "
    "within the policy."
)
DEPENDS_CATEGORIES = ["other-technical"]  # decided by the service's support level (managed: in scope)

HINTS = [
    "WordPress",
    "plugin",
    "theme",
    "mã nguồn",
    "source code",
    "cài đặt phần mềm",
    "install software",
    "code của tôi",
    "lỗi code",
    "Laravel",
    "Joomla",
]


def load(log: Callable[[str], None]) -> None:
    """Create what is missing; never overwrite what an admin has edited."""
    for position, (slug, name, name_en, level, sup, sup_en, nsup, nsup_en) in enumerate(PRODUCTS):
        _product, created = Product.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "support_level": level,
                "supported": sup,
                "supported_en": sup_en,
                "not_supported": nsup,
                "not_supported_en": nsup_en,
                "rank": (position + 1) * 10,
            },
        )
        if created:
            log(f"product {slug} created")
    technical = Department.objects.filter(slug="technical").first()
    if technical is None:
        log("catalog: department technical not found, scopes skipped")
    else:
        slug, name, name_en = OUT_OF_SCOPE_CATEGORY
        category, created = Category.objects.get_or_create(
            department=technical, slug=slug, defaults={"name": name, "name_en": name_en, "rank": 900}
        )
        if created:
            log(f"category technical/{slug} created")
        _rule, created = CategoryScope.objects.get_or_create(
            category=category,
            defaults={"scope": Scope.OUT_OF_SCOPE, "note": OUT_OF_SCOPE_NOTE, "note_en": OUT_OF_SCOPE_NOTE_EN},
        )
        if created:
            log(f"scope of technical/{slug}: out of scope")
        for depends in Category.objects.filter(department=technical, slug__in=DEPENDS_CATEGORIES):
            _rule, created = CategoryScope.objects.get_or_create(category=depends, defaults={"scope": Scope.DEPENDS})
            if created:
                log(f"scope of technical/{depends.slug}: depends on the support level")
    for phrase in HINTS:
        _hint, created = ScopeHint.objects.get_or_create(phrase=phrase)
        if created:
            log(f"scope hint {phrase!r} created")
