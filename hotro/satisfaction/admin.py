from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from hotro.satisfaction.models import Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    """Read only: a rating is the customer's word; it changes through ``services.rate`` alone."""

    list_display = ["ticket", "score", "department", "agent", "created_at", "updated_at"]
    list_filter = ["score", "department"]
    search_fields = ["comment", "ticket__requester__email"]
    list_select_related = ["ticket", "department", "agent"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Rating | None = None) -> bool:
        return False
