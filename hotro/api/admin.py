"""Webhook subscriptions (with their delivery log) and API tokens in the Django admin.

Tokens are made on the console's page or by the command (the secret is shown once there);
here they can be read and revoked, never created or edited.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotro.api.models import ApiToken, WebhookDelivery, WebhookEvent, WebhookSubscription


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "secret", "events", "all_departments", "departments", "active"]


class DeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = ["created_at", "event", "outbound_id", "status_code", "ok", "error", "duration_ms"]
    readonly_fields = ["created_at", "event", "outbound_id", "status_code", "ok", "error", "duration_ms"]
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-created_at", "-id"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[WebhookDelivery]:
        return super().get_queryset(request).order_by("-created_at", "-id")


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ["name", "url", "active", "consecutive_failures", "disabled_at"]
    list_filter = ["active"]
    readonly_fields = ["consecutive_failures", "disabled_at", "created_at"]
    filter_horizontal = ["departments"]
    inlines = [DeliveryInline]

    def save_model(self, request: HttpRequest, obj: WebhookSubscription, form: forms.ModelForm, change: bool) -> None:
        if obj.active and "active" in form.changed_data:
            obj.consecutive_failures = 0  # switched on again by a person: count afresh
            obj.disabled_at = None
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "kind", "user", "scopes", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["kind"]
    search_fields = ["name", "prefix", "user__email"]
    readonly_fields = [
        *("name", "prefix", "kind", "user", "scopes", "expires_at", "last_used_at", "revoked_at"),
        *("all_departments", "departments", "created_by", "created_at"),
    ]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
