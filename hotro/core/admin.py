"""The outbox of every channel in the admin: read-only (what was sent stays what was sent), with a retry."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hotro.core.models import OutboundMessage
from hotro.core.outbound.delivery import retry_now


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin[OutboundMessage]):
    list_display = [
        "created_at", "channel", "to", "subject", "kind", "status", "delivery_status", "attempts", "next_attempt_at",
        "last_error",
    ]  # fmt: skip
    list_filter = ["channel", "status", "kind"]
    search_fields = ["to", "subject", "message_id"]
    date_hierarchy = "created_at"
    list_select_related = ["ticket"]
    actions = ["retry_now_action"]

    def get_readonly_fields(self, request: HttpRequest, obj: OutboundMessage | None = None) -> list[str]:
        return [f.name for f in OutboundMessage._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboundMessage | None = None) -> bool:
        return False  # viewing stays allowed through the view permission

    @admin.action(description=_("Retry now"), permissions=["view"])
    def retry_now_action(self, request: HttpRequest, queryset: QuerySet[OutboundMessage]) -> None:
        count = retry_now(queryset)
        self.message_user(
            request,
            ngettext("%(count)d message will be retried at once.", "%(count)d messages will be retried at once.", count)
            % {"count": count},
            messages.SUCCESS,
        )
