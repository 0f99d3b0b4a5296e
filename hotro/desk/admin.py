"""Admin for the desk's configuration (departments, categories) and a read-only look at tickets.

Tickets change only through the services (the console), so the admin shows them
without edit rights: an admin edit would skip the audit trail and notifications.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from hotro.desk.models import AuditEvent, Category, Department, Message, Tag, Ticket


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 1
    fields = ["slug", "name", "name_en", "rank", "active"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "name_en", "rank", "email", "active"]
    list_editable = ["rank", "active"]
    search_fields = ["slug", "name", "name_en"]
    inlines = [CategoryInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "name_en", "department", "rank", "active"]
    list_filter = ["department", "active"]
    search_fields = ["slug", "name", "name_en"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


MESSAGE_FIELDS = ("created_at", "author_kind", "author_user", "author_contact", "internal", "channel", "body_text")


class MessageInline(admin.StackedInline):
    model = Message
    extra = 0
    fields = MESSAGE_FIELDS
    readonly_fields = MESSAGE_FIELDS
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "subject",
        "department",
        "status",
        "priority",
        "channel",
        "requester",
        "assignee",
        "created_at",
    ]
    list_filter = ["department", "status", "priority", "channel"]
    list_select_related = ["department", "requester", "assignee"]
    search_fields = ["subject", "requester__email"]
    date_hierarchy = "created_at"
    show_full_result_count = False  # no COUNT(*) over a million rows on every page
    inlines = [MessageInline]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "ticket", "actor_user", "actor_contact"]
    list_filter = ["action"]
    list_select_related = ["ticket", "actor_user", "actor_contact"]
    show_full_result_count = False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Agents create tags by using them on tickets; administrators set their colours (or remove one) here."""

    list_display = ["name", "colour", "created_at"]
    search_fields = ["name"]
