from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    """The console's live socket: desk changes, notifications, presence and collisions pushed to agents."""

    name = "hotro.live"
    label = "live"
    verbose_name = _("Live console")

    def ready(self) -> None:
        from hotro.live import receivers

        receivers.connect()
