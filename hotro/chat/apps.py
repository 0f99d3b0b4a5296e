from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "hotro.chat"
    label = "chat"
    verbose_name = _("Live chat")

    def ready(self) -> None:
        from hotro.chat.history import chat_entries, chats_follow_merge, find_chats
        from hotro.core import finders, timeline
        from hotro.desk.events import contacts_merging

        timeline.register("chats", chat_entries)
        finders.register("chats", _("Chats"), find_chats)
        contacts_merging.connect(chats_follow_merge, dispatch_uid="hotro.chat.chats_follow_merge")
