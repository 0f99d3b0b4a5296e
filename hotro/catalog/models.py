"""The provider's services and what hangs off them (P13, P14).

- ``Product``: what the provider sells (Cloud VPS, shared hosting, ...), with its support
  limits in both languages and its support level.
- ``Instance``: one customer's instance of a product (a VPS, a hosting account, a domain),
  known to the billing system by ``external_id``.
- ``TicketService``: which instance a ticket is about, named by the customer, suggested from
  the text of an email or SMS, or set by an agent. The desk knows nothing of it (the desk never
  imports this app); rows are written by ``hotro.catalog.services`` only.
- ``CategoryScope`` and ``ScopeHint``: the P13 scope of each desk category, and phrases that
  flag a new ticket as possibly out of scope (``ScopeFlag``).
- ``Incident``, ``IncidentUpdate``, ``IncidentLink``: a mass incident, its public updates, and
  the tickets it answers.

State changes go through ``hotro.catalog.services``; nothing here writes on its own.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def _in_language(vi: str, en: str) -> str:
    """The English text when the active language is English and it exists, the Vietnamese otherwise."""
    return en if translation.get_language() == "en" and en else vi


class SupportLevel(models.TextChoices):
    MANAGED = "managed", _("Managed")
    UNMANAGED = "unmanaged", _("Unmanaged")


class Product(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    support_level = models.CharField(
        _("support level"), max_length=12, choices=SupportLevel.choices, default=SupportLevel.UNMANAGED
    )
    supported = models.TextField(_("supported (Vietnamese)"), blank=True)
    supported_en = models.TextField(_("supported (English)"), blank=True)
    not_supported = models.TextField(_("not supported (Vietnamese)"), blank=True)
    not_supported_en = models.TextField(_("not supported (English)"), blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["rank", "slug"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _in_language(self.name, self.name_en)

    @property
    def supported_text(self) -> str:
        return _in_language(self.supported, self.supported_en)

    @property
    def not_supported_text(self) -> str:
        return _in_language(self.not_supported, self.not_supported_en)

    @property
    def managed(self) -> bool:
        return self.support_level == SupportLevel.MANAGED


class InstanceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


class Instance(models.Model):
    contact = models.ForeignKey(
        "accounts.Contact", on_delete=models.CASCADE, related_name="instances", verbose_name=_("customer")
    )
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="instances", verbose_name=_("product"))
    label = models.CharField(_("label"), max_length=200, blank=True)
    hostname = models.CharField(_("hostname"), max_length=253, blank=True)
    # Normalised (``ipaddress``) and space-separated: matched as whole words in a ticket's text.
    ip_addresses = models.CharField(_("IP addresses"), max_length=1000, blank=True)
    region = models.CharField(_("region / data centre"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=InstanceStatus.choices, default=InstanceStatus.ACTIVE)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # The billing system's id: the import command and the endpoint upsert by it.
    external_id = models.CharField(_("external id"), max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["product__rank", "label", "pk"]
        verbose_name = _("customer's service")
        verbose_name_plural = _("customers' services")
        indexes = [
            # The ticket form and the e-mail/SMS matcher: WHERE contact=? AND status='active'
            models.Index(fields=["contact", "status"], name="instance_contact_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """What the customer calls it: their label, else the hostname, else the first address."""
        return self.label or self.hostname or next(iter(self.ip_list), self.external_id)

    @property
    def ip_list(self) -> list[str]:
        return self.ip_addresses.split()

    @property
    def is_active(self) -> bool:
        return self.status == InstanceStatus.ACTIVE


class TicketService(models.Model):
    """The instance a ticket is about (P14). ``suggested``: found in the text, not yet confirmed by an agent."""

    ticket = models.OneToOneField("desk.Ticket", on_delete=models.CASCADE, related_name="service_link")
    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="ticket_links")
    confirmed = models.BooleanField(_("confirmed"), default=False)
    suggested = models.BooleanField(_("suggested from the text"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ticket's service")
        verbose_name_plural = _("tickets' services")

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.instance_id}"


class Scope(models.TextChoices):
    IN_SCOPE = "in", _("In scope")
    OUT_OF_SCOPE = "out", _("Out of scope")
    DEPENDS = "depends", _("Depends on the support level")


class CategoryScope(models.Model):
    """The P13 scope of a desk category; a category without a row is in scope."""

    category = models.OneToOneField(
        "desk.Category", on_delete=models.CASCADE, related_name="scope_rule", verbose_name=_("category")
    )
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, default=Scope.IN_SCOPE)
    note = models.TextField(_("policy text (Vietnamese)"), blank=True, help_text=_("Shown on the ticket form."))
    note_en = models.TextField(_("policy text (English)"), blank=True)

    class Meta:
        verbose_name = _("category scope")
        verbose_name_plural = _("category scopes")

    def __str__(self) -> str:
        return f"{self.category} · {self.get_scope_display()}"

    @property
    def note_text(self) -> str:
        return _in_language(self.note, self.note_en)


class ScopeHint(models.Model):
    """A phrase that flags a new ticket possibly out of scope ("WordPress", "mã nguồn"), accents aside."""

    phrase = models.CharField(_("phrase"), max_length=100, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("scope hint")
        verbose_name_plural = _("scope hints")

    def __str__(self) -> str:
        return self.phrase


class ScopeFlag(models.Model):
    """A new ticket whose text names scope hints: the agent is told, nothing is closed."""

    ticket = models.OneToOneField("desk.Ticket", on_delete=models.CASCADE, related_name="scope_flag")
    phrases = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("possibly out of scope")
        verbose_name_plural = _("possibly out of scope")

    def __str__(self) -> str:
        return f"{self.ticket_id}: {', '.join(self.phrases)}"


class IncidentStatus(models.TextChoices):
    INVESTIGATING = "investigating", _("Investigating")
    IDENTIFIED = "identified", _("Identified")
    MONITORING = "monitoring", _("Monitoring")
    RESOLVED = "resolved", _("Resolved")


class Incident(models.Model):
    title = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.INVESTIGATING
    )
    is_global = models.BooleanField(_("affects every customer"), default=False)
    products = models.ManyToManyField(Product, blank=True, related_name="incidents", verbose_name=_("products"))
    # Space-separated region codes, as on the instances ("HN1 HCM2").
    regions = models.CharField(_("regions"), max_length=300, blank=True)
    instances = models.ManyToManyField(Instance, blank=True, related_name="incidents", verbose_name=_("instances"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("declared by")
    )
    created_at = models.DateTimeField(_("declared"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _in_language(self.title, self.title_en)

    @property
    def region_list(self) -> list[str]:
        return self.regions.split()

    @property
    def is_open(self) -> bool:
        return self.status != IncidentStatus.RESOLVED


class IncidentUpdate(models.Model):
    """A public update: added to every linked ticket's thread, once, by a background task."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=16, choices=IncidentStatus.choices)
    body = models.TextField(_("update (Vietnamese)"))
    body_en = models.TextField(_("update (English)"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # The final update of a resolution may resolve the linked tickets as it reaches them.
    resolves_tickets = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("incident update")
        verbose_name_plural = _("incident updates")

    def __str__(self) -> str:
        return f"{self.incident_id} · {self.get_status_display()}"

    def body_for(self, language: str) -> str:
        return self.body_en if language == "en" and self.body_en else self.body


class IncidentLink(models.Model):
    """A ticket answered by an incident; ``last_update`` is the latest update its thread has received."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="links")
    ticket = models.ForeignKey("desk.Ticket", on_delete=models.CASCADE, related_name="incident_links")
    automatic = models.BooleanField(_("linked on arrival"), default=False)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    last_update = models.ForeignKey(IncidentUpdate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("linked ticket")
        verbose_name_plural = _("linked tickets")
        constraints = [models.UniqueConstraint(fields=["incident", "ticket"], name="incident_link_unique")]
        indexes = [
            # The delivery task: WHERE incident=? AND (last_update IS NULL OR last_update < ?) ORDER BY id
            models.Index(fields=["incident", "last_update", "id"], name="incident_link_delivery_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} ← {self.ticket_id}"
