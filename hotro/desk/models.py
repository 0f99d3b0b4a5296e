"""Tickets and what hangs off them: departments, categories, messages,
attachments and the audit trail.

State changes go through ``hotro.desk.services``; nothing here writes on its own.
"""

from __future__ import annotations

import re
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    name = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language, so templates and emails need no branching."""
        return self.name_en if translation.get_language() == "en" else self.name


class Department(BilingualName):
    slug = models.SlugField(_("slug"), unique=True)
    # P11: lower rank is served first (Technical before Sales & Accounting).
    rank = models.PositiveSmallIntegerField(_("serving rank"), default=100)
    email = models.EmailField(_("email address"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["rank", "slug"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")


class Category(BilingualName):
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="categories", verbose_name=_("department")
    )
    slug = models.SlugField(_("slug"))
    rank = models.PositiveSmallIntegerField(default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["department__rank", "rank", "slug"]
        constraints = [models.UniqueConstraint(fields=["department", "slug"], name="category_slug_per_department")]
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class Priority(models.IntegerChoices):
    # Lower value sorts first in queues.
    URGENT = 1, _("Urgent")
    HIGH = 2, _("High")
    NORMAL = 3, _("Normal")
    LOW = 4, _("Low")

    @classmethod
    def from_slug(cls, slug: str) -> Priority:
        return {"urgent": cls.URGENT, "high": cls.HIGH, "normal": cls.NORMAL, "low": cls.LOW}[slug]

    @property
    def slug(self) -> str:
        return self.name.lower()


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    PENDING = "pending", _("Pending customer")
    ON_HOLD = "on_hold", _("On hold")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


ACTIVE_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)
ACTIVE_Q = models.Q(status__in=[s.value for s in ACTIVE_STATUSES])
# The queue order's columns (hotro.sla.ordering.QUEUE_ORDER), for the indexes that serve it.
QUEUE_INDEX_FIELDS = ["serving_rank", "sla_due_at", "priority", "created_at", "id"]


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    EMAIL = "email", _("Email")
    CHAT = "chat", _("Chat")
    SMS = "sms", _("SMS")
    PHONE = "phone", _("Phone")
    API = "api", _("API")


_NUMBER_RE = re.compile(r"^\s*(?:[A-Za-z]{1,8}-)?0*(\d{1,12})\s*$")

SEARCH_FIELDS = ("search_text", "search_notes")


class TicketManager(models.Manager["Ticket"]):
    def get_queryset(self) -> models.QuerySet[Ticket]:
        # The search documents run to 20,000 characters: lists and pages never need them,
        # and a ticket loaded without them cannot overwrite them with a full save().
        return super().get_queryset().defer(*SEARCH_FIELDS)


class Ticket(models.Model):
    subject = models.CharField(_("subject"), max_length=250)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("department")
    )
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("category"))
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    # The department's serving rank (P11), copied here so the queue indexes can order by it
    # without a join; kept in step by the services (open, transfer) and by Department saves.
    serving_rank = models.PositiveSmallIntegerField(default=100, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.WEB)
    requester = models.ForeignKey(
        "accounts.Contact", on_delete=models.PROTECT, related_name="tickets", verbose_name=_("requester")
    )
    ccs = models.ManyToManyField("accounts.Contact", blank=True, related_name="cc_tickets", verbose_name=_("CC"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
        verbose_name=_("assignee"),
    )
    # Set by open_ticket before the row is written: the SLA due times are computed from it first.
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    last_customer_activity_at = models.DateTimeField(_("last customer activity"), null=True, blank=True)
    last_agent_activity_at = models.DateTimeField(_("last agent activity"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    # SLA (hotro.sla keeps these up to date from the desk events; nothing else writes them).
    # The clock starts at the first opening of the department's ticket calendar (P12).
    sla_clock_started_at = models.DateTimeField(_("SLA clock started"), null=True, blank=True)
    # Set while the clock is stopped (pending customer, resolved, closed); resuming shifts the due times.
    sla_paused_at = models.DateTimeField(_("SLA paused"), null=True, blank=True)
    sla_paused_seconds = models.PositiveIntegerField(_("business time paused (s)"), default=0)
    first_response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    first_response_warn_at = models.DateTimeField(null=True, blank=True)
    next_response_due_at = models.DateTimeField(_("next response due"), null=True, blank=True)
    next_response_warn_at = models.DateTimeField(null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    resolution_warn_at = models.DateTimeField(null=True, blank=True)
    # The nearest due time still running and its warning instant: what queues sort on and the console shows.
    sla_due_at = models.DateTimeField(_("due"), null=True, blank=True)
    sla_warn_at = models.DateTimeField(null=True, blank=True)
    # When the SLA scan must next look at this ticket (a warning or breach not yet recorded); NULL = never.
    sla_next_check_at = models.DateTimeField(null=True, blank=True)

    # Part of every guest link (hotro.desk.services.access.guest_token): raising it revokes the links
    # already sent, for a link forwarded or leaked; the next mail to the customer carries a new one.
    guest_link_generation = models.PositiveIntegerField(default=0, editable=False)
    # False for a ticket a stranger could have opened in an account holder's name (the anonymous portal
    # form with a registered address): it joins that account's list only once the mailbox's owner
    # follows the emailed guest link (hotro.desk.services.opening.confirm_requester).
    requester_confirmed = models.BooleanField(default=True, editable=False)
    # Set when this ticket was merged into another (hotro.desk.services.merging): it is then closed and its
    # number, guest links and portal page lead there. Never a chain: nothing merges into a merged ticket, and
    # the tickets merged into one that is merged in turn are pointed at the survivor.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_tickets",
        editable=False,
        verbose_name=_("merged into"),
    )
    tags: models.ManyToManyField[Tag, TicketTag] = models.ManyToManyField(
        "Tag", blank=True, through="TicketTag", related_name="tickets", verbose_name=_("tags")
    )

    # Search documents (hotro.desk.search keeps them; nothing else writes them): normalised
    # requester + subject + public messages, and the internal notes apart so customers never
    # match on them. PostgreSQL indexes both with pg_trgm (migration 0005, not in Meta: SQLite has no GIN).
    search_text = models.TextField(blank=True, default="", editable=False)
    search_notes = models.TextField(blank=True, default="", editable=False)

    objects = TicketManager()

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            # Queues are ordered as hotro.sla.ordering.QUEUE_ORDER (serving rank, due, priority, age, id) and
            # read 51 rows at a time; each index below hands them out in that order, so no query sorts
            # the whole queue however large the table grows.
            # Department queue: WHERE department=? AND status IN (active) ORDER BY QUEUE_ORDER
            models.Index(fields=["department", *QUEUE_INDEX_FIELDS], name="ticket_dept_queue_idx", condition=ACTIVE_Q),
            # All my departments (several, or every one for an administrator): WHERE status IN (active) ...
            models.Index(fields=QUEUE_INDEX_FIELDS, name="ticket_all_queue_idx", condition=ACTIVE_Q),
            # Triage: WHERE department=? AND status='new' AND assignee IS NULL ORDER BY QUEUE_ORDER
            models.Index(
                fields=["department", *QUEUE_INDEX_FIELDS],
                name="ticket_triage_idx",
                condition=models.Q(assignee__isnull=True, status="new"),
            ),
            # Triage over several departments (or all, for an administrator)
            models.Index(
                fields=QUEUE_INDEX_FIELDS,
                name="ticket_triage_all_idx",
                condition=models.Q(assignee__isnull=True, status="new"),
            ),
            # "My tickets" (agent): WHERE assignee=? AND status IN (active) ORDER BY QUEUE_ORDER
            models.Index(fields=["assignee", *QUEUE_INDEX_FIELDS], name="ticket_mine_idx", condition=ACTIVE_Q),
            # Overdue first: WHERE status IN (active) ORDER BY sla_due_at, serving_rank, priority, created_at, id
            models.Index(
                fields=["sla_due_at", "serving_rank", "priority", "created_at", "id"],
                name="ticket_overdue_idx",
                condition=ACTIVE_Q,
            ),
            # Customer portal: WHERE requester=? ORDER BY updated_at DESC
            models.Index(fields=["requester", "-updated_at"], name="ticket_requester_idx"),
            # Search results: WHERE <terms match> ORDER BY updated_at DESC, id DESC LIMIT 51
            models.Index(fields=["-updated_at", "-id"], name="ticket_recent_idx"),
            # SLA scan: WHERE sla_next_check_at <= now ORDER BY sla_next_check_at
            models.Index(
                fields=["sla_next_check_at"],
                name="ticket_sla_check_idx",
                condition=models.Q(sla_next_check_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def number(self) -> str:
        """Human-friendly reference (``CM-000123``). It names a ticket; it never grants access."""
        return f"{settings.HOTRO_TICKET_PREFIX}-{self.pk:06d}"

    @staticmethod
    def pk_from_number(number: str) -> int | None:
        match = _NUMBER_RE.match(number or "")
        return int(match.group(1)) if match else None

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def priority_slug(self) -> str:
        return Priority(self.priority).slug


class AuthorKind(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    AGENT = "agent", _("Agent")
    SYSTEM = "system", _("System")


class Message(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author_kind = models.CharField(max_length=10, choices=AuthorKind.choices)
    author_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    author_contact = models.ForeignKey("accounts.Contact", null=True, blank=True, on_delete=models.SET_NULL)
    # Internal notes are for agents only and never reach a customer by any channel.
    internal = models.BooleanField(_("internal note"), default=False)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    body_text = models.TextField()
    body_html = models.TextField(blank=True, help_text="Sanitised HTML; empty when the message was plain text.")
    email_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # Thread rendering: WHERE ticket=? ORDER BY created_at, id
            models.Index(fields=["ticket", "created_at", "id"], name="message_thread_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_author_kind_display()} on {self.ticket_id}"

    @property
    def author_name(self) -> str:
        if self.author_user_id and self.author_user is not None:
            return self.author_user.display_name
        if self.author_contact_id and self.author_contact is not None:
            return self.author_contact.display_name
        return str(_("System"))


def _short_name(filename: str, max_bytes: int = 120) -> str:
    """The file's name cut to fit filesystems (255 bytes a name); Vietnamese letters take 2 to 3 bytes each.

    The original name is kept whole in ``Attachment.filename`` and sent on download.
    """
    name = PurePath(filename).name or "file"
    suffix = PurePath(name).suffix[:16]
    stem = name[: len(name) - len(suffix)] if suffix else name
    budget = max_bytes - len(suffix.encode())
    stem = stem.encode()[:budget].decode(errors="ignore") or "file"
    return stem + suffix


def attachment_path(instance: Attachment, filename: str) -> str:
    # A random folder per file: names can repeat, and paths must not be guessable.
    return f"attachments/{instance.ticket_id}/{uuid.uuid4().hex}/{_short_name(filename)}"


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=400)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120, default="application/octet-stream")
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename


class AuditEvent(models.Model):
    """One row per change; the ticket's history page renders from these."""

    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=80)  # namespaced, e.g. "desk.ticket.assigned"
    actor_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_contact = models.ForeignKey("accounts.Contact", null=True, blank=True, on_delete=models.SET_NULL)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="audit_ticket_idx")]

    def __str__(self) -> str:
        return f"{self.action} #{self.ticket_id}"


_TAG_NAME_RE = re.compile(r"^[\w.+-]{1,40}$")


def normalise_tag_name(raw: str) -> str:
    """``"  SSL  Cert "`` → ``"ssl-cert"``: lower-case, spaces as hyphens; ``""`` when it cannot be a tag name
    (empty, too long, or with characters other than letters, digits and ``. + - _``)."""
    name = "-".join((raw or "").casefold().split())
    return name if _TAG_NAME_RE.match(name) else ""


class Tag(models.Model):
    """A label agents put on tickets (``ssl``, ``vip``), one list for the whole desk so ``tag:ssl`` means
    the same in every queue. Names are stored normalised (``hotro.desk.services.tags.tag_name``)."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#52606d",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour is written #rrggbb."))],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class TicketTag(models.Model):
    """A tag on a ticket; who put it there is in the ticket's audit trail."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="ticket_tags")
    # Filtering a list by tag: WHERE tag_id = ? (the foreign key's own index), then the ticket.
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="ticket_tags")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ticket", "tag"], name="ticket_tag_unique")]

    def __str__(self) -> str:
        return f"{self.tag_id} on {self.ticket_id}"


class LinkKind(models.TextChoices):
    """How ``source`` relates to ``target`` (read left to right: "A is a duplicate of B")."""

    RELATED = "related", _("Related to")
    DUPLICATE = "duplicate", _("Duplicate of")
    PARENT = "parent", _("Parent of")


class TicketLink(models.Model):
    """Two tickets an agent tied together without merging them; one row per pair, whichever way round."""

    source = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("kind"), max_length=12, choices=LinkKind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="ticket_link_unique"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="ticket_link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"
