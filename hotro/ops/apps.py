from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operability: health endpoints, metrics, the status page's checks, doctor, backup and restore."""

    name = "hotro.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from hotro.ops.metrics.exposition import allowed_networks

        # The checks register themselves, in this order (the status page's and doctor's); the console
        # reads the registry (hotro.ops.checks) and so never imports a channel's code through ops.
        for module in ("builtin", "background", "mail"):
            import_module(f"hotro.ops.checks.{module}")

        allowed_networks()  # a bad HOTRO_METRICS_ALLOW stops start-up, naming the variable
