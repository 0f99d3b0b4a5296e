from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "hotro.console"
    label = "console"

    def ready(self) -> None:
        from hotro.accounts.models import Agent, Membership, User
        from hotro.console.choices import choices
        from hotro.desk.models import Category, Department

        choices.watch(Department, Category, Agent, Membership, User)
