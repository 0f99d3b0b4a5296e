from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "hotro.sla"
    label = "sla"
    verbose_name = _("Service levels")

    def ready(self) -> None:
        from hotro.sla import receivers
        from hotro.sla.clock import policies
        from hotro.sla.models import SlaPolicy

        receivers.connect()
        policies.watch(SlaPolicy)
