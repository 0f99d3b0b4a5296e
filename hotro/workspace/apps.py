from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """An agent's own arrangement of the console: saved list views ("my filters")."""

    name = "hotro.workspace"
    label = "workspace"
    verbose_name = _("Agent workspace")
