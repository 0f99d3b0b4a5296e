from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "hotro.sla"
    label = "sla"
