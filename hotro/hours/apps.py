from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HoursConfig(AppConfig):
    name = "hotro.hours"
    label = "hours"
    verbose_name = _("Business hours")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from hotro.hours.models import Calendar, HolidayOverride, OpeningInterval
        from hotro.hours.services import clear_schedule_cache

        for model in (Calendar, OpeningInterval, HolidayOverride):
            post_save.connect(clear_schedule_cache, sender=model, dispatch_uid=f"hours-cache-save-{model.__name__}")
            post_delete.connect(clear_schedule_cache, sender=model, dispatch_uid=f"hours-cache-del-{model.__name__}")
