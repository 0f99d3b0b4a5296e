"""The outbox in the admin: read-only, so what was sent stays what was sent; one action to retry."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hotro.mail.delivery import retry_now
from hotro.mail.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "kind", "status", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject", "message_id"]
    date_hierarchy = "created_at"
    list_select_related = ["ticket"]
    actions = ["retry_now_action"]

    def get_readonly_fields(self, request: HttpRequest, obj: OutboxMessage | None = None) -> list[str]:
        return [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False  # viewing stays allowed through the view permission

    @admin.action(description=_("Retry now"), permissions=["view"])
    def retry_now_action(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        count = retry_now(queryset)
        self.message_user(
            request,
            ngettext("%(count)d email will be retried at once.", "%(count)d emails will be retried at once.", count)
            % {"count": count},
            messages.SUCCESS,
        )
