"""Admin for people: sign-in accounts, customers, organisations, agents and their departments."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from hotro.accounts import two_factor
from hotro.accounts.models import Agent, Contact, Membership, Organisation, User

# Authenticators are managed through the sign-in pages and the reset below, never edited by hand
# (django-otp's own admin would show every secret key).
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "is_staff", "is_active", "email_verified", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "email_verified", "language"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("full_name", "language", "timezone", "email_verified")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset the second factor (ends their sessions)"), permissions=["change"])
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        by = request.user
        assert isinstance(by, User)  # the admin lets only signed-in staff this far
        users = list(queryset)
        for user in users:
            two_factor.reset_second_factor(user, by=by, request=request)
        text = ngettext(
            "Second factor reset for %(count)d account.", "Second factor reset for %(count)d accounts.", len(users)
        )
        self.message_user(request, text % {"count": len(users)}, messages.SUCCESS)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["department"]


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "active", "department_list"]
    list_filter = ["role", "active", "departments"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]
    inlines = [MembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Agent]:
        return super().get_queryset(request).select_related("user").prefetch_related("departments")

    @admin.display(description=_("departments"))
    def department_list(self, agent: Agent) -> str:
        return ", ".join(d.label for d in agent.departments.all())


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "phone", "language", "organisation", "user", "created_at"]
    list_filter = ["language"]
    search_fields = ["email", "name", "phone"]
    autocomplete_fields = ["organisation", "user"]
    list_select_related = ["organisation", "user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
