from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "hotro.mail"
    label = "mail"
    verbose_name = _("Mail")

    def ready(self) -> None:
        from hotro.core import inbound
        from hotro.mail import redaction, webhooks
        from hotro.mail.intake.process import retry_inbound
        from hotro.mail.models import InboundMail

        webhooks.connect()
        redaction.connect()  # a message redacted on the desk: its stored raw email loses its body
        inbound.register("mail", _("Email"), InboundMail, retry_inbound)
