from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "hotro.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from hotro.reports import receivers

        receivers.connect()
