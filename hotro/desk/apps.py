from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "hotro.desk"
    label = "desk"
