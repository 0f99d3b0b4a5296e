"""The outbox in the admin: read-only, so what was sent stays what was sent; one action to retry."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hotro.mail.delivery import retry_now
from hotro.mail.intake.process import retry_inbound
from hotro.mail.models import InboundMail, InboundStatus, Mailbox, OutboxMessage


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


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):
    """Every received email; filter on "Failed" for the failed-mail list, and retry once the fault is fixed."""

    list_display = ["received_at", "from_email", "subject", "source", "status", "ticket", "reason", "original"]
    list_filter = ["status", "source"]
    search_fields = ["from_email", "subject", "message_id", "sha256"]
    date_hierarchy = "received_at"
    list_select_related = ["ticket"]
    exclude = ["raw"]
    actions = ["retry_action"]

    def get_readonly_fields(self, request: HttpRequest, obj: InboundMail | None = None) -> list[str]:
        return [f.name for f in InboundMail._meta.fields if f.name != "raw"] + ["original"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: InboundMail | None = None) -> bool:
        return False

    @admin.display(description=_("original"))
    def original(self, obj: InboundMail) -> str:
        url = reverse("mail:raw_message", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("download .eml"))

    @admin.action(description=_("Process again (failed messages)"), permissions=["view"])
    def retry_action(self, request: HttpRequest, queryset: QuerySet[InboundMail]) -> None:
        results = [
            retry_inbound(pk) for pk in queryset.filter(status=InboundStatus.FAILED).values_list("pk", flat=True)
        ]
        done = sum(1 for r in results if r.mail.status != InboundStatus.FAILED)
        self.message_user(
            request,
            ngettext("%(count)d email processed.", "%(count)d emails processed.", done) % {"count": done},
            messages.SUCCESS if done == len(results) else messages.WARNING,
        )


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    """Mailbox health at a glance: last success, last error, failing since."""

    list_display = [
        "name",
        "username",
        "host",
        "department",
        "active",
        "last_success_at",
        "failing_since",
        "last_error",
    ]
    list_filter = ["active", "department"]
    readonly_fields = [
        "next_poll_at", "consecutive_failures", "last_success_at", "last_error", "last_error_at", "failing_since",
    ]  # fmt: skip
