"""Support scope (P13): each category's scope, the hints that flag a ticket, and the "out of scope" answer.

Hints never close anything: they write a ``ScopeFlag`` the agent sees. The answer is one agent
action: a public reply in the customer's language quoting the product's limits (the agent may edit
it first), then the ticket resolved with the reason recorded (``catalog.ticket.out_of_scope``), which
is what reports count.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact, User
from hotro.catalog.errors import CatalogError
from hotro.catalog.models import CategoryScope, Scope, ScopeFlag, ScopeHint, TicketService
from hotro.core.kept import Kept
from hotro.desk.models import Category, Message, Status, Ticket
from hotro.desk.search import normalise
from hotro.desk.services import add_agent_reply, change_status, record_audit

hints = Kept("catalog-scope-hints")  # watched models: CatalogConfig.ready
scopes = Kept("catalog-category-scopes")

OUT_OF_SCOPE_ACTION = "catalog.ticket.out_of_scope"


def category_scopes() -> dict[int, CategoryScope]:
    """Every category's scope rule by category id (a category without one is in scope); read per form."""
    return scopes.get("all", lambda: {rule.category_id: rule for rule in CategoryScope.objects.all()})


def hint_phrases() -> list[tuple[str, str]]:
    """(phrase, its normalised form) of the active hints."""

    def load() -> list[tuple[str, str]]:
        rows = ScopeHint.objects.filter(active=True).values_list("phrase", flat=True)
        return [(phrase, normalise(phrase)) for phrase in rows if normalise(phrase)]

    return hints.get("active", load)


def matching_hints(text: str) -> list[str]:
    """The hint phrases ``text`` contains as whole words, accents and case aside ("ma nguon" = "Mã nguồn")."""
    haystack = f" {normalise(text)} "
    return [phrase for phrase, words in hint_phrases() if f" {words} " in haystack]


def flag_if_hinted(ticket: Ticket, text: str) -> ScopeFlag | None:
    """A new ticket naming scope hints is flagged "possibly out of scope"; it stays open."""
    found = matching_hints(text)
    if not found:
        return None
    return ScopeFlag.objects.create(ticket=ticket, phrases=found)


def effective_scope(category: Category | None, ticket: Ticket | None = None) -> str:
    """The category's scope, with "depends" decided by the ticket's service: managed is in scope."""
    if category is None:
        return Scope.IN_SCOPE
    rule = category_scopes().get(category.pk)
    if rule is None:
        return Scope.IN_SCOPE
    if rule.scope != Scope.DEPENDS:
        return rule.scope
    link = TicketService.objects.filter(ticket=ticket).select_related("instance__product").first() if ticket else None
    if link is None:
        return Scope.DEPENDS
    return Scope.IN_SCOPE if link.instance.product.managed else Scope.OUT_OF_SCOPE


def _language(contact: Contact) -> str:
    user = contact.user
    language = user.language if user is not None else contact.language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def out_of_scope_answer(ticket: Ticket) -> str:
    """The scope answer in the requester's language, quoting the ticket's product limits when it has a service.

    Rendered for the agent to edit before sending (so never inside a desk transaction).
    """
    link = TicketService.objects.filter(ticket=ticket).select_related("instance__product").first()
    language = _language(ticket.requester)
    with translation.override(language):
        context = {
            "ticket": ticket,
            "name": ticket.requester.display_name,
            "instance": link.instance if link else None,
            "product": link.instance.product if link else None,
            "provider_name": settings.HOTRO_PROVIDER_NAME,
        }
        # One template per language (written, not translated string by string): the agent edits the result.
        return render_to_string(f"catalog/out_of_scope_answer.{language}.txt", context).strip()


def resolve_out_of_scope(ticket: Ticket, agent: User, body: str) -> Message:
    """P13 as one action: the answer goes to the customer (on the ticket's channel), the ticket is resolved,
    and the reason is recorded for reports; all or nothing."""
    if not body.strip():
        raise CatalogError(_("The answer is empty."), field="body", code="empty")
    if ticket.status in (Status.RESOLVED, Status.CLOSED):
        raise CatalogError(_("This ticket is already resolved."), code="already_resolved")
    with transaction.atomic():
        message = add_agent_reply(ticket, agent, body)
        change_status(ticket, Status.RESOLVED, agent)
        link = TicketService.objects.filter(ticket=ticket).select_related("instance__product").first()
        record_audit(
            OUT_OF_SCOPE_ACTION,
            ticket,
            agent,
            message=message.pk,
            category=ticket.category.slug if ticket.category else None,
            product=link.instance.product.slug if link else None,
        )
    return message
