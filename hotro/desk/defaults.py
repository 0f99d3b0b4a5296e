"""Departments and categories from the policy (P8, P11): Technical is served first."""

from __future__ import annotations

from collections.abc import Callable

from hotro.desk.models import Category, Department

DEPARTMENTS = [
    # slug, Vietnamese, English, rank (P11: lower first), address
    ("technical", "Phòng Kỹ thuật", "Technical", 10, "support@cloudmini.example"),
    ("sales", "Phòng Kinh doanh và Kế toán", "Sales & Accounting", 20, "sales@cloudmini.example"),
]

CATEGORIES = {
    "technical": [
        ("vps", "Máy chủ ảo (VPS)", "Virtual server (VPS)"),
        ("hosting", "Hosting", "Web hosting"),
        ("network", "Mạng và kết nối", "Network and connectivity"),
        ("domain-dns", "Tên miền và DNS", "Domains and DNS"),
        ("email-service", "Dịch vụ email", "Email service"),
        ("backup", "Sao lưu và khôi phục", "Backup and restore"),
        ("other-technical", "Vấn đề kỹ thuật khác", "Other technical issue"),
    ],
    "sales": [
        ("pre-sales", "Tư vấn trước khi mua", "Pre-sales question"),
        ("billing", "Thanh toán và hoá đơn", "Payments and invoices"),
        ("renewal", "Gia hạn dịch vụ", "Service renewal"),
        ("upgrade", "Nâng cấp dịch vụ", "Service upgrade"),
        ("refund", "Hoàn tiền", "Refund"),
        ("other-sales", "Yêu cầu khác", "Other request"),
    ],
}


def load(log: Callable[[str], None]) -> None:
    """Create what is missing; never overwrite what an admin has edited."""
    for slug, name, name_en, rank, email in DEPARTMENTS:
        department, created = Department.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "rank": rank, "email": email}
        )
        if created:
            log(f"department {slug} created")
        for position, (cat_slug, cat_name, cat_name_en) in enumerate(CATEGORIES[slug]):
            _cat, cat_created = Category.objects.get_or_create(
                department=department,
                slug=cat_slug,
                defaults={"name": cat_name, "name_en": cat_name_en, "rank": (position + 1) * 10},
            )
            if cat_created:
                log(f"category {slug}/{cat_slug} created")
