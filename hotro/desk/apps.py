from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "hotro.desk"
    label = "desk"

    def ready(self) -> None:
        from hotro.desk import search

        search.connect()
