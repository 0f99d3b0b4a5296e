from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VaultConfig(AppConfig):
    """The credential vault: secrets customers and agents hand over, kept encrypted beside their ticket.

    It builds on the desk as the catalogue does: it listens to the desk's events (``receivers``) and
    calls the desk's services; the desk never knows it, and channels reach it through ``services`` only.
    """

    name = "hotro.vault"
    label = "vault"
    verbose_name = _("Credential vault")

    def ready(self) -> None:
        from hotro.vault import checks, receivers

        receivers.connect()
        checks.register()
