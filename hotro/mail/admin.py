"""Mail in the admin: received mail read-only (what happened stays what happened), with a retry
action; mailboxes editable, their secrets write-only. The outbox of every channel is the core's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hotro.mail.intake.process import retry_inbound
from hotro.mail.models import InboundMail, InboundStatus, Mailbox
from hotro.mail.oauth import SIGN_IN_FIELDS, forget_tokens


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


class SecretField(forms.CharField):
    """A secret typed in but never shown back: an empty box keeps the stored value."""

    widget = forms.PasswordInput  # render_value=False: the page never carries the secret

    def has_changed(self, initial: object, data: object) -> bool:
        return bool(data)  # the box is always empty on the page: only a typed value is a change


def _secret(name: str) -> SecretField:
    model_field = Mailbox._meta.get_field(name)
    assert isinstance(model_field, models.Field)  # a concrete column, not a relation
    return SecretField(label=model_field.verbose_name, required=False, max_length=model_field.max_length)


GENERAL_FIELDS = ("name", "department", "active", "host", "port", "use_ssl", "folder", "processed_folder")
SIGN_IN_FORM_FIELDS = ("username", "auth_method", "password", "clear_password", "password_env")
OAUTH2_FORM_FIELDS = (
    "oauth2_token_url",
    "oauth2_client_id",
    "oauth2_client_secret",
    "clear_oauth2_client_secret",
    "oauth2_client_secret_env",
    "oauth2_refresh_token",
    "clear_oauth2_refresh_token",
    "oauth2_refresh_token_env",
    "oauth2_scope",
)
HEALTH_FIELDS = (
    "next_poll_at",
    "consecutive_failures",
    "last_success_at",
    "last_error",
    "last_error_at",
    "failing_since",
    "alerted_at",
    "oauth2_refreshed_at",
    "oauth2_access_token_expires_at",
    "oauth2_refresh_token_expires_at",
    "oauth2_problem",
)


def _https_by_default(field: models.Field, **kwargs: Any) -> forms.Field | None:
    """Token endpoints are HTTPS: a URL typed without a scheme means https (Django 6's default)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class MailboxForm(forms.ModelForm):
    """Secrets are write-only here; naming an environment variable is better than storing them."""

    SECRETS = ("password", "oauth2_client_secret", "oauth2_refresh_token")

    password = _secret("password")
    oauth2_client_secret = _secret("oauth2_client_secret")
    oauth2_refresh_token = _secret("oauth2_refresh_token")
    clear_password = forms.BooleanField(label=_("forget the stored password"), required=False)
    clear_oauth2_client_secret = forms.BooleanField(label=_("forget the stored client secret"), required=False)
    clear_oauth2_refresh_token = forms.BooleanField(label=_("forget the stored refresh token"), required=False)

    class Meta:
        model = Mailbox
        formfield_callback = _https_by_default
        fields = [name for name in GENERAL_FIELDS + SIGN_IN_FORM_FIELDS + OAUTH2_FORM_FIELDS if "clear_" not in name]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.SECRETS:
            self.fields[name].help_text = (
                _("A value is stored; leave the box empty to keep it.")
                if getattr(self.instance, name)
                else _("Better: leave it empty and name an environment variable instead.")
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in self.SECRETS:
            if data.get(f"clear_{name}"):
                data[name] = ""
            elif not data.get(name):
                data[name] = getattr(self.instance, name)
        return data

    def model_fields_changed(self) -> list[str]:
        """The model fields this submission changes (a ticked "forget" box changes its secret)."""
        names = {f.name for f in Mailbox._meta.fields}
        changed = {name for name in self.changed_data if name in names}
        changed |= {name for name in self.SECRETS if self.cleaned_data.get(f"clear_{name}")}
        return sorted(changed)


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    """Mailbox health at a glance: last success, last error, failing since, the OAuth2 sign-in's state."""

    form = MailboxForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "name",
        "username",
        "host",
        "auth_method",
        "department",
        "active",
        "last_success_at",
        "failing_since",
        "last_error",
    ]
    list_filter = ["active", "auth_method", "department"]
    readonly_fields = HEALTH_FIELDS
    fieldsets = [
        (None, {"fields": GENERAL_FIELDS}),
        (_("Sign-in"), {"fields": SIGN_IN_FORM_FIELDS}),
        (
            _("OAuth2 (Microsoft 365, Google Workspace)"),
            {
                "description": _(
                    "Register an application with the provider, consent once for the mailbox with the scope below "
                    "and offline access, and give Hotro the refresh token obtained; Hotro keeps the access token "
                    "fresh by itself."
                ),
                "fields": OAUTH2_FORM_FIELDS,
            },
        ),
        (_("Health"), {"fields": HEALTH_FIELDS}),
    ]

    @admin.display(description=_("token refresh error"))
    def oauth2_problem(self, obj: Mailbox) -> str:
        return obj.oauth2_problem or "-"

    def save_model(self, request: HttpRequest, obj: Mailbox, form: MailboxForm, change: bool) -> None:
        """Save only what the form changed: the pollers update the same row (tokens, health) meanwhile,
        and an old copy written back could lose a rotated refresh token."""
        if not change:
            super().save_model(request, obj, form, change)
            return
        fields = form.model_fields_changed()
        if set(fields) & set(SIGN_IN_FIELDS):
            fields += forget_tokens(obj)
        if fields:
            obj.save(update_fields=fields)
