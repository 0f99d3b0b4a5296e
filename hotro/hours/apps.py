from django.apps import AppConfig


class HoursConfig(AppConfig):
    name = "hotro.hours"
    label = "hours"
