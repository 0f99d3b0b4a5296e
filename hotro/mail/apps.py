from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "hotro.mail"
    label = "mail"
    verbose_name = _("Mail")

    def ready(self) -> None:
        from hotro.mail import webhooks

        webhooks.connect()
