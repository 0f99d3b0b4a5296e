from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """In-app notifications for agents (the console's bell), and their per-event, per-department choices."""

    name = "hotro.alerts"
    label = "alerts"
    verbose_name = _("Agent notifications")

    def ready(self) -> None:
        from hotro.alerts import receivers

        receivers.connect()
