from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "hotro.api"
    label = "api"
    verbose_name = _("API and webhooks")

    def ready(self) -> None:
        from hotro.api.models import WebhookSubscription
        from hotro.api.webhooks import receivers
        from hotro.api.webhooks.sender import suppressed_reason
        from hotro.api.webhooks.subscriptions import CHANNEL, kept
        from hotro.core.outbound.senders import register_suppression

        receivers.connect()
        register_suppression(CHANNEL, suppressed_reason)
        kept.watch(WebhookSubscription, WebhookSubscription.departments.through)
