"""What the console's navigation shows to whom (the views check the same rules)."""

from __future__ import annotations

from django import template

from hotro.console.access import sees_failed_items as _sees_failed_items
from hotro.console.access import sees_reports as _sees_reports
from hotro.console.access import sees_routing_settings as _sees_routing_settings
from hotro.console.access import sees_system_status as _sees_system_status

register = template.Library()


@register.filter
def sees_failed_items(user: object) -> bool:
    return _sees_failed_items(user)


@register.filter
def sees_system_status(user: object) -> bool:
    return _sees_system_status(user)


@register.filter
def sees_reports(user: object) -> bool:
    return _sees_reports(user)


@register.filter
def sees_routing_settings(user: object) -> bool:
    return _sees_routing_settings(user)
