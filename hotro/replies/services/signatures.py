"""Agents' signatures per department, appended to public replies only (never to internal notes)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.desk.models import Department
from hotro.replies.errors import RepliesError
from hotro.replies.models import Signature

# The usual signature separator ("-- " on a line of its own): mail readers and quote strippers know it.
SEPARATOR = "\n\n-- \n"
MAX_CHARS = 1000


def signature_text(agent: User, department: Department | int) -> str:
    department_id = department if isinstance(department, int) else department.pk
    row = Signature.objects.filter(agent=agent, department_id=department_id).only("text").first()
    return row.text if row is not None else ""


def signatures_by_department(agent: User) -> dict[int, str]:
    return dict(Signature.objects.filter(agent=agent).values_list("department_id", "text"))


def set_signature(agent: User, department: Department, text: str) -> None:
    """Set the agent's signature in ``department``; an empty text removes it. The caller checked membership."""
    text = "\n".join(line.rstrip() for line in text.strip().splitlines())
    if len(text) > MAX_CHARS:
        raise RepliesError(
            _("A signature has at most %(count)s characters.") % {"count": MAX_CHARS}, field="text", code="too_long"
        )
    if not text:
        Signature.objects.filter(agent=agent, department=department).delete()
        return
    Signature.objects.update_or_create(agent=agent, department=department, defaults={"text": text})


def signed(body: str, signature: str) -> str:
    """``body`` with ``signature`` under it, once: a reply that already ends with it is left as it is."""
    if not signature or body.rstrip().endswith(signature.strip()):
        return body
    return body.rstrip() + SEPARATOR + signature


def sign_reply(body: str, agent: User, department: Department | int) -> str:
    """A public reply as sent: the agent's signature of that department under it (notes are never signed)."""
    return signed(body, signature_text(agent, department))
