"""Admin for calendars (weekly hours inline) and for the holiday changes of each year."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from hotro.hours.fields import format_minute
from hotro.hours.models import Calendar, HolidayOverride, OpeningInterval


class OpeningIntervalInline(admin.TabularInline):
    model = OpeningInterval
    extra = 0
    fields = ["weekday", "start_minute", "end_minute"]


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):
    list_display = ["department", "channel", "always_open", "closed_on_holidays", "weekly_hours", "timezone"]
    list_filter = ["department", "channel", "always_open", "closed_on_holidays"]
    list_select_related = ["department"]
    inlines = [OpeningIntervalInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Calendar]:
        return super().get_queryset(request).prefetch_related("intervals")

    @admin.display(description=_("weekly hours"))
    def weekly_hours(self, calendar: Calendar) -> str:
        if calendar.always_open:
            return "24/7"
        return "; ".join(
            f"{interval.get_weekday_display()} {format_minute(interval.start_minute)}-"
            f"{format_minute(interval.end_minute)}"
            for interval in calendar.intervals.all()
        )


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", "name", "name_en", "department"]
    list_filter = ["kind", "department"]
    list_select_related = ["department"]
    date_hierarchy = "date"
    search_fields = ["name", "name_en"]

    @admin.display(description=_("day"))
    def weekday(self, override: HolidayOverride) -> str:
        return date_format(override.date, "l")
