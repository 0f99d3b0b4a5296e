from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhoneConfig(AppConfig):
    name = "hotro.phone"
    label = "phone"
    verbose_name = _("Phone and SMS")

    def ready(self) -> None:
        from hotro.core import inbound
        from hotro.core.outbound.senders import register_suppression
        from hotro.phone.call_events import retry_event
        from hotro.phone.ingest import opt_out_reason, retry_sms
        from hotro.phone.models import CallEvent, InboundSms

        inbound.register("sms", _("SMS"), InboundSms, retry_sms)
        inbound.register("calls", _("Call events"), CallEvent, retry_event)
        register_suppression("sms", opt_out_reason)
