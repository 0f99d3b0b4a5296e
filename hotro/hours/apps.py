from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HoursConfig(AppConfig):
    name = "hotro.hours"
    label = "hours"
    verbose_name = _("Business hours")

    def ready(self) -> None:
        from hotro.hours.models import Calendar, HolidayOverride, OpeningInterval
        from hotro.hours.services import schedules

        schedules.watch(Calendar, OpeningInterval, HolidayOverride)
