"""Admin for the SLA policies (editable per department and priority) and the warning/breach record."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from hotro.sla.models import SlaEvent, SlaPolicy


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "department",
        "priority",
        "first_response_minutes",
        "next_response_minutes",
        "resolution_minutes",
        "warn_at_percent",
        "escalate_raise_priority",
        "escalate_to_supervisor",
    ]
    list_editable = ["first_response_minutes", "next_response_minutes", "resolution_minutes"]
    list_filter = ["department", "priority"]
    list_select_related = ["department"]


@admin.register(SlaEvent)
class SlaEventAdmin(admin.ModelAdmin):
    list_display = ["ticket", "target", "kind", "due_at", "created_at"]
    list_filter = ["target", "kind"]
    list_select_related = ["ticket"]
    date_hierarchy = "created_at"
    readonly_fields = ["ticket", "target", "kind", "due_at", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # recorded by the scan only
