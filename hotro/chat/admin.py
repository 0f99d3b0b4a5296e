from django.contrib import admin

from hotro.chat.models import ChatMessage, ChatWidget, Conversation


@admin.register(ChatWidget)
class ChatWidgetAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "active"]


class MessageInline(admin.TabularInline):
    model = ChatMessage
    extra = 0
    fields = ["author", "agent", "body", "created_at", "read_at"]
    readonly_fields = ["author", "agent", "body", "created_at", "read_at"]
    can_delete = False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["visitor_name", "topic", "department", "status", "agent", "created_at"]
    list_filter = ["status", "topic", "department"]
    search_fields = ["visitor_name", "visitor_email"]
    exclude = ["token_hash", "search_text"]
    readonly_fields = ["contact", "ticket", "agent", "widget"]
    inlines = [MessageInline]
