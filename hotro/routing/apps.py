from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "hotro.routing"
    label = "routing"
    verbose_name = _("Automatic assignment")

    def ready(self) -> None:
        from hotro.routing import receivers
        from hotro.routing.models import DepartmentRouting
        from hotro.routing.services import modes

        receivers.connect()
        modes.watch(DepartmentRouting)
