from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "hotro.console"
    label = "console"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from hotro.accounts.models import Agent, Membership, User
        from hotro.console.choices import clear_choices_cache
        from hotro.desk.models import Category, Department

        for model in (Department, Category, Agent, Membership, User):
            post_save.connect(clear_choices_cache, sender=model, dispatch_uid=f"console-choices-save-{model.__name__}")
            post_delete.connect(clear_choices_cache, sender=model, dispatch_uid=f"console-choices-del-{model.__name__}")
        m2m_changed.connect(clear_choices_cache, sender=Membership, dispatch_uid="console-choices-membership")
