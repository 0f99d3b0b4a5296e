from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "hotro.portal"
    label = "portal"
