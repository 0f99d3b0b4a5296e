"""Mass incidents: one declaration and its public updates answer every ticket about the affected services.

- An agent declares an incident (title in both languages, affected products, regions or
  instances, or everyone) with its first public update.
- Open tickets about affected services are *suggested* on the incident's page; an agent links
  them. New tickets from affected customers are linked as they arrive (``link_arriving_ticket``,
  from the desk's ``ticket_opened``) and get the current status at once.
- Each update reaches each linked ticket once: the task ``deliver_incident_update`` claims a link
  with one conditional UPDATE (``last_update`` moves forward) and adds the update to the thread
  with ``hotro.desk.services.add_agent_reply`` in the same transaction, so the desk's notifications
  write exactly one outbox row for the requester, on the ticket's channel. A second run, or a
  second worker, finds nothing left to claim. A resolving update may resolve the tickets too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact, User
from hotro.catalog.errors import CatalogError
from hotro.catalog.models import (
    Incident,
    IncidentLink,
    IncidentStatus,
    IncidentUpdate,
    Instance,
    InstanceStatus,
    Product,
    TicketService,
)
from hotro.core.kept import Kept
from hotro.desk.models import ACTIVE_STATUSES, Status, Ticket
from hotro.desk.services import DeskError, add_agent_reply, agent_can_work_in, is_agent, record_audit

logger = logging.getLogger(__name__)

active_incidents = Kept("catalog-active-incidents", seconds=10)  # watched models: CatalogConfig.ready
DELIVERY_BATCH = 200
SUGGESTION_LIMIT = 200


@dataclass(frozen=True)
class OpenIncident:
    """What every new ticket and every portal page needs of an open incident, kept per process."""

    pk: int
    title: str
    title_en: str
    status: str
    is_global: bool
    product_ids: frozenset[int]
    regions: frozenset[str]
    instance_ids: frozenset[int]

    @property
    def label(self) -> str:
        from django.utils import translation

        return self.title_en if translation.get_language() == "en" and self.title_en else self.title

    @property
    def status_label(self) -> str:
        return str(IncidentStatus(self.status).label)

    def affects(self, instance_id: int, product_id: int, region: str) -> bool:
        if self.is_global or instance_id in self.instance_ids:
            return True
        if not self.product_ids and not self.regions:
            return False
        return (not self.product_ids or product_id in self.product_ids) and (
            not self.regions or region.casefold() in self.regions
        )


def open_incidents() -> list[OpenIncident]:
    """The incidents not yet resolved; usually none, and then nothing else is asked of the database."""

    def load() -> list[OpenIncident]:
        rows = Incident.objects.exclude(status=IncidentStatus.RESOLVED).prefetch_related("products", "instances")
        return [
            OpenIncident(
                pk=incident.pk,
                title=incident.title,
                title_en=incident.title_en,
                status=incident.status,
                is_global=incident.is_global,
                product_ids=frozenset(p.pk for p in incident.products.all()),
                regions=frozenset(region.casefold() for region in incident.region_list),
                instance_ids=frozenset(i.pk for i in incident.instances.all()),
            )
            for incident in rows
        ]

    return active_incidents.get("open", load)


def incidents_affecting(contact: Contact) -> list[OpenIncident]:
    """Open incidents that touch one of the contact's active services, or everyone."""
    found = open_incidents()
    if not found:
        return []
    if all(incident.is_global for incident in found):
        return found
    owned = list(
        Instance.objects.filter(contact=contact, status=InstanceStatus.ACTIVE).values_list("pk", "product_id", "region")
    )
    return [i for i in found if i.is_global or any(i.affects(pk, product, region) for pk, product, region in owned)]


def affected_instances(incident: Incident) -> QuerySet[Instance]:
    """The active instances an incident touches (explicit ones, or by product and region)."""
    active = Instance.objects.filter(status=InstanceStatus.ACTIVE)
    if incident.is_global:
        return active
    wanted = Q(pk__in=incident.instances.values("pk"))
    products, regions = list(incident.products.values_list("pk", flat=True)), incident.region_list
    if products or regions:
        by_filter = Q()
        if products:
            by_filter &= Q(product_id__in=products)
        if regions:
            region_q = Q()
            for region in regions:
                region_q |= Q(region__iexact=region)
            by_filter &= region_q
        wanted |= by_filter
    return active.filter(wanted)


def _require_agent(agent: User) -> None:
    if not is_agent(agent):
        raise CatalogError(_("Only agents manage incidents."), code="forbidden")


def declare_incident(
    agent: User,
    *,
    title: str,
    title_en: str,
    body: str,
    body_en: str,
    is_global: bool = False,
    products: Iterable[Product] = (),
    regions: str = "",
    instances: Iterable[Instance] = (),
) -> Incident:
    """An incident under investigation, with its first public update (what affected customers are told)."""
    _require_agent(agent)
    title, title_en = " ".join(title.split()), " ".join(title_en.split())
    if not title or not title_en:
        raise CatalogError(_("Give the incident a title in both languages."), field="title", code="empty")
    products, instances = list(products), list(instances)
    regions = " ".join(regions.replace(",", " ").split())
    if not (is_global or products or regions or instances):
        raise CatalogError(
            _("Say what is affected: products, regions, instances, or every customer."), code="nothing_affected"
        )
    with transaction.atomic():
        incident = Incident.objects.create(
            title=title[:200], title_en=title_en[:200], is_global=is_global, regions=regions[:300], declared_by=agent
        )
        incident.products.set(products)
        incident.instances.set(instances)
        _write_update(incident, agent, IncidentStatus.INVESTIGATING, body, body_en)
        record_audit("catalog.incident.declared", None, agent, incident=incident.pk)
    return incident


def _write_update(
    incident: Incident, agent: User, status: str, body: str, body_en: str, *, resolves_tickets: bool = False
) -> IncidentUpdate:
    body, body_en = body.strip(), body_en.strip()
    if not body or not body_en:
        raise CatalogError(_("Write the update in both languages."), field="body", code="empty")
    update = IncidentUpdate.objects.create(
        incident=incident, status=status, body=body, body_en=body_en, author=agent, resolves_tickets=resolves_tickets
    )
    transaction.on_commit(lambda: enqueue_delivery(update.pk), robust=True)
    return update


def post_update(
    incident: Incident, agent: User, *, status: str, body: str, body_en: str, resolve_tickets: bool = False
) -> IncidentUpdate:
    """A public update (and the incident's new status); delivered to the linked tickets by a task after commit.

    A resolved incident takes no more updates. ``resolve_tickets`` (only with "resolved") resolves
    each linked ticket as the final message reaches it.
    """
    _require_agent(agent)
    if status not in IncidentStatus.values:
        raise CatalogError(_("Unknown status."), field="status", code="unknown_status")
    if resolve_tickets and status != IncidentStatus.RESOLVED:
        raise CatalogError(_("Tickets are resolved only with the incident."), field="status", code="not_resolving")
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.status == IncidentStatus.RESOLVED:
            raise CatalogError(_("This incident is resolved."), code="resolved")
        previous = incident.status
        update = _write_update(incident, agent, status, body, body_en, resolves_tickets=resolve_tickets)
        incident.status = status
        fields = ["status", "updated_at"]
        if status == IncidentStatus.RESOLVED:
            incident.resolved_at = timezone.now()
            fields.append("resolved_at")
        incident.save(update_fields=fields)
        record_audit(
            "catalog.incident.updated",
            None,
            agent,
            incident=incident.pk,
            update=update.pk,
            before=previous,
            after=status,
        )
    return update


def latest_update(incident_pk: int) -> IncidentUpdate | None:
    return IncidentUpdate.objects.filter(incident_id=incident_pk).order_by("-pk").first()


def suggested_tickets(incident: Incident) -> QuerySet[Ticket]:
    """Open tickets about an affected service, not yet linked: the agent confirms which to link."""
    about_affected = TicketService.objects.filter(ticket=OuterRef("pk"), instance__in=affected_instances(incident))
    linked = IncidentLink.objects.filter(incident=incident, ticket=OuterRef("pk"))
    return (
        Ticket.objects.filter(Exists(about_affected), status__in=ACTIVE_STATUSES)
        .exclude(Exists(linked))
        .select_related("requester", "department")
        .order_by("-created_at")[:SUGGESTION_LIMIT]
    )


def link_tickets(incident: Incident, tickets: Sequence[Ticket], agent: User) -> int:
    """The agent confirms links; each new one gets the incident's latest update (one task after commit)."""
    _require_agent(agent)
    if not incident.is_open:
        raise CatalogError(_("This incident is resolved."), code="resolved")
    allowed = [t for t in tickets if agent_can_work_in(agent, t.department) and t.is_active]
    with transaction.atomic():
        already = set(
            IncidentLink.objects.filter(incident=incident, ticket__in=allowed).values_list("ticket_id", flat=True)
        )
        new = [t for t in allowed if t.pk not in already]
        IncidentLink.objects.bulk_create(
            [IncidentLink(incident=incident, ticket=t, linked_by=agent) for t in new], ignore_conflicts=True
        )
        for ticket in new:
            record_audit("catalog.ticket.incident_linked", ticket, agent, incident=incident.pk)
        update = latest_update(incident.pk)
        if new and update is not None:
            transaction.on_commit(lambda: enqueue_delivery(update.pk), robust=True)
    return len(new)


def link_arriving_ticket(ticket: Ticket) -> list[IncidentLink]:
    """A new ticket from an affected customer joins the incident (small rows; the reply follows from a task)."""
    touching = incidents_affecting(ticket.requester)
    if not touching:
        return []
    links = [IncidentLink.objects.create(incident_id=i.pk, ticket=ticket, automatic=True) for i in touching]
    for incident in touching:
        update = latest_update(incident.pk)
        if update is not None:
            transaction.on_commit(lambda pk=update.pk: enqueue_delivery(pk), robust=True)  # type: ignore[misc]
    return links


def incidents_of_ticket(ticket: Ticket) -> list[Incident]:
    return list(Incident.objects.filter(links__ticket=ticket).order_by("-created_at"))


def enqueue_delivery(update_pk: int) -> None:
    """Hand the update to a worker; a failure to enqueue is logged and the agent can post again."""
    from hotro.catalog.tasks import deliver_incident_update

    try:
        deliver_incident_update.enqueue(update_pk)
    except Exception:
        logger.exception("could not enqueue delivery of incident update %s", update_pk)


def _due_links(update: IncidentUpdate, is_latest: bool) -> Q:
    """Links this update has not reached. A link made after the update was posted gets only the latest one
    (a new ticket is told the current status, not the history)."""
    behind = Q(last_update__isnull=False, last_update_id__lt=update.pk)
    fresh = Q(last_update__isnull=True)
    if not is_latest:
        fresh &= Q(created_at__lte=update.created_at)
    return behind | fresh


def _language(contact: Contact) -> str:
    user = contact.user
    return user.language if user is not None else contact.language


def deliver_update(update_pk: int) -> tuple[int, int]:
    """Add the update to every linked ticket's thread it has not reached; (sent, skipped). Safe to run twice.

    Each ticket is one transaction: the claim (a conditional UPDATE of its link) and the reply go
    in or out together, so a crash resumes where it stopped and nothing is sent twice. A ticket
    no longer active, or in a department the author does not work in, is skipped (and counted).
    """
    update = IncidentUpdate.objects.select_related("author", "incident").filter(pk=update_pk).first()
    if update is None or update.author is None:
        return 0, 0
    newest = latest_update(update.incident_id)
    due = _due_links(update, is_latest=newest is not None and newest.pk == update.pk)
    sent = skipped = 0
    while True:
        batch = list(
            IncidentLink.objects.filter(due, incident_id=update.incident_id)
            .select_related("ticket__requester__user", "ticket__department")
            .order_by("pk")[:DELIVERY_BATCH]
        )
        if not batch:
            break
        for link in batch:
            delivered = _deliver_one(update, link)
            if delivered is None:
                continue  # another worker took it
            sent, skipped = (sent + 1, skipped) if delivered else (sent, skipped + 1)
    IncidentUpdate.objects.filter(pk=update.pk).update(
        delivered_at=timezone.now(), sent=update.sent + sent, skipped=update.skipped + skipped
    )
    return sent, skipped


def _deliver_one(update: IncidentUpdate, link: IncidentLink) -> bool | None:
    ticket = link.ticket
    assert update.author is not None
    with transaction.atomic():
        claimed = (
            IncidentLink.objects.filter(pk=link.pk)
            .filter(Q(last_update__isnull=True) | Q(last_update_id__lt=update.pk))
            .update(last_update=update)
        )
        if not claimed:
            return None
        if ticket.status not in ACTIVE_STATUSES or not agent_can_work_in(update.author, ticket.department):
            return False
        try:  # add_agent_reply is its own savepoint: a refusal leaves the claim standing, the ticket skipped
            add_agent_reply(
                ticket,
                update.author,
                update.body_for(_language(ticket.requester)),
                new_status=Status.RESOLVED if update.resolves_tickets else None,
            )
        except DeskError as error:
            logger.warning("incident update %s skipped ticket %s: %s", update.pk, ticket.pk, error)
            return False
    return True
