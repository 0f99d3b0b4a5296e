"""``create_api_token --name NAME --agent EMAIL --scopes tickets:read,tickets:write`` prints the token on its last line.

``--integration --departments technical,sales`` (or ``all``) makes an integration token acting as
``--agent`` (create a dedicated agent, e.g. billing-bot@…, so the ticket history names it).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hotro.accounts.models import User
from hotro.api import tokens
from hotro.api.models import TokenKind
from hotro.desk.models import Department


class Command(BaseCommand):
    help = "Create an API token and print it (shown once: it is stored hashed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--agent", required=True, help="Email of the agent the token acts as.")
        parser.add_argument("--scopes", required=True, help="Comma-separated: tickets:read,tickets:write,contacts,…")
        parser.add_argument("--integration", action="store_true", help="An integration token bound to departments.")
        parser.add_argument("--departments", default="", help="Integration: department slugs, comma-separated, or all.")
        parser.add_argument("--expires-days", type=int, default=None, help="Days until it stops working.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["agent"].strip().lower()).first()
        if user is None:
            raise CommandError(f"No user with the email {options['agent']}")
        slugs = [s.strip() for s in options["departments"].split(",") if s.strip()]
        every = slugs == ["all"]
        departments = [] if every else list(Department.objects.filter(slug__in=slugs))
        if not every and len(departments) != len(set(slugs)):
            raise CommandError(f"Unknown department among: {', '.join(slugs)}")
        days = options["expires_days"]
        try:
            created = tokens.create_token(
                name=options["name"],
                user=user,
                scopes=options["scopes"].split(","),
                kind=TokenKind.INTEGRATION if options["integration"] else TokenKind.PERSONAL,
                departments=departments,
                all_departments=every,
                expires_at=timezone.now() + timedelta(days=days) if days else None,
            )
        except tokens.TokenError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Token {created.token.name} ({created.token.prefix}), acting as {user.email}:")
        self.stdout.write(created.secret)
