from __future__ import annotations

from django.contrib import admin

from hotro.catalog.models import (
    CategoryScope,
    Incident,
    IncidentLink,
    IncidentUpdate,
    Instance,
    Product,
    ScopeFlag,
    ScopeHint,
    TicketService,
)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "name_en", "support_level", "rank", "active"]
    list_filter = ["support_level", "active"]
    search_fields = ["slug", "name", "name_en"]


@admin.register(Instance)
class InstanceAdmin(admin.ModelAdmin):
    list_display = ["external_id", "contact", "product", "label", "hostname", "ip_addresses", "region", "status"]
    list_filter = ["status", "product", "region"]
    search_fields = ["external_id", "label", "hostname", "ip_addresses", "contact__email", "contact__name"]
    raw_id_fields = ["contact"]
    list_select_related = ["contact", "product"]


@admin.register(TicketService)
class TicketServiceAdmin(admin.ModelAdmin):
    list_display = ["ticket", "instance", "confirmed", "suggested", "created_at"]
    list_filter = ["confirmed", "suggested"]
    raw_id_fields = ["ticket", "instance"]
    list_select_related = ["ticket", "instance"]


@admin.register(CategoryScope)
class CategoryScopeAdmin(admin.ModelAdmin):
    list_display = ["category", "scope"]
    list_filter = ["scope"]
    list_select_related = ["category"]


@admin.register(ScopeHint)
class ScopeHintAdmin(admin.ModelAdmin):
    list_display = ["phrase", "active"]
    list_filter = ["active"]
    search_fields = ["phrase"]


@admin.register(ScopeFlag)
class ScopeFlagAdmin(admin.ModelAdmin):
    list_display = ["ticket", "phrases", "created_at"]
    raw_id_fields = ["ticket"]
    list_select_related = ["ticket"]


class IncidentUpdateInline(admin.StackedInline):
    model = IncidentUpdate
    extra = 0
    fields = ["status", "body", "body_en", "author", "resolves_tickets", "delivered_at", "sent", "skipped"]
    readonly_fields = ["author", "delivered_at", "sent", "skipped"]


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """Corrections only: declaring and updating go through the console, which delivers the updates."""

    list_display = ["title", "status", "is_global", "created_at", "resolved_at"]
    list_filter = ["status", "is_global"]
    search_fields = ["title", "title_en"]
    filter_horizontal = ["products"]
    raw_id_fields = ["instances", "declared_by"]
    inlines = [IncidentUpdateInline]


@admin.register(IncidentLink)
class IncidentLinkAdmin(admin.ModelAdmin):
    list_display = ["incident", "ticket", "automatic", "last_update", "created_at"]
    list_filter = ["automatic"]
    raw_id_fields = ["incident", "ticket", "linked_by", "last_update"]
    list_select_related = ["incident", "ticket"]
