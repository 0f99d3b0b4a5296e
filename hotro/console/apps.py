from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "hotro.console"
    label = "console"
