from django.contrib import admin

from hotro.workspace.models import SavedView


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "path", "query", "created_at")
    search_fields = ("name", "owner__email")
    raw_id_fields = ("owner",)
