"""Demo accounts for ``make run``: an admin, one agent per department, one customer.

Passwords are generated once and kept in the data folder, so a second run prints
the same credentials instead of resetting them.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string

from hotro.accounts.models import Role, User
from hotro.accounts.services import contact_for_user, create_agent
from hotro.desk.models import Department

ACCOUNTS = [
    ("admin@cloudmini.example", "Quản trị viên", "admin", None),
    ("kythuat@cloudmini.example", "Nhân viên Kỹ thuật", "agent", "technical"),
    ("kinhdoanh@cloudmini.example", "Nhân viên Kinh doanh", "agent", "sales"),
    ("khachhang@example.com", "Nguyễn Văn A", "customer", None),
]


class Command(BaseCommand):
    help = "Create the demo accounts (idempotent) and print their credentials."

    def handle(self, *args: object, **options: object) -> None:
        store = settings.DATA_DIR / "demo_accounts.json"
        saved: dict[str, str] = json.loads(store.read_text()) if store.exists() else {}
        for email, name, kind, department_slug in ACCOUNTS:
            password = saved.get(email) or get_random_string(14)
            saved[email] = password
            user = User.objects.filter(email=email).first()
            if user is None:
                if kind == "customer":
                    user = User.objects.create_user(email, password, full_name=name, email_verified=True)
                elif kind == "admin":
                    user = User.objects.create_superuser(email, password, full_name=name, email_verified=True)
                    create_agent(email, None, name=name, role=Role.ADMIN)
                else:
                    department = Department.objects.get(slug=department_slug)
                    user = create_agent(email, password, name=name, role=Role.AGENT, departments=[department])
            if kind == "customer":
                contact_for_user(user)
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        store.write_text(json.dumps(saved, indent=2))
        store.chmod(0o600)
        self.stdout.write("Demo accounts (email / password):")
        for email, _name, kind, department_slug in ACCOUNTS:
            role = kind if not department_slug else f"{kind}, {department_slug}"
            self.stdout.write(f"  {role:18} {email:32} {saved[email]}")
