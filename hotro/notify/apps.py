from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "hotro.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from hotro.notify import merging, receivers

        receivers.connect()
        merging.connect()
