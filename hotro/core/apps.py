from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hotro.core"
    label = "core"
