from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhoneConfig(AppConfig):
    name = "hotro.phone"
    label = "phone"
    verbose_name = _("Phone and SMS")

    def ready(self) -> None:
        from hotro.core import inbound, timeline
        from hotro.core.outbound.senders import register_suppression
        from hotro.desk.events import contacts_merging
        from hotro.phone.call_events import retry_event
        from hotro.phone.ingest import opt_out_reason, retry_sms
        from hotro.phone.models import CallEvent, InboundSms
        from hotro.phone.timeline import call_entries, sms_entries

        inbound.register("sms", _("SMS"), InboundSms, retry_sms)
        inbound.register("calls", _("Call events"), CallEvent, retry_event)
        register_suppression("sms", opt_out_reason)
        timeline.register("sms", sms_entries)
        timeline.register("calls", call_entries)
        contacts_merging.connect(calls_follow_merge, dispatch_uid="hotro.phone.calls_follow_merge")


def calls_follow_merge(sender: object, keep: Any, other: Any, **kwargs: Any) -> None:
    """The merged customer's calls become the kept one's (the call log points at contacts)."""
    from hotro.phone.models import Call

    Call.objects.filter(contact=other).update(contact=keep)
