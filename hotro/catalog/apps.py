from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "hotro.catalog"
    label = "catalog"
    verbose_name = _("Services and incidents")

    def ready(self) -> None:
        from hotro.catalog import receivers
        from hotro.catalog.models import CategoryScope, Incident, ScopeHint
        from hotro.catalog.services.incidents import active_incidents
        from hotro.catalog.services.scope import hints, scopes

        receivers.connect()
        hints.watch(ScopeHint)
        scopes.watch(CategoryScope)
        active_incidents.watch(Incident, Incident.products.through, Incident.instances.through)
