from __future__ import annotations

from django.contrib import admin

from hotro.replies.models import CannedResponse, Macro, Signature


@admin.register(CannedResponse)
class CannedResponseAdmin(admin.ModelAdmin):
    list_display = ["title", "department", "owner", "updated_at"]
    list_filter = ["department"]
    search_fields = ["title", "body_vi", "body_en"]
    raw_id_fields = ["owner"]


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "response", "status", "priority", "assign"]
    list_filter = ["department"]
    raw_id_fields = ["assignee"]


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["agent", "department", "updated_at"]
    raw_id_fields = ["agent"]
