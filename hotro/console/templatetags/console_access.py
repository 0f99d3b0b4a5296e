"""What the console's navigation shows to whom (the views check the same rules)."""

from __future__ import annotations

from django import template

from hotro.console.access import sees_failed_items as _sees_failed_items

register = template.Library()


@register.filter
def sees_failed_items(user: object) -> bool:
    return _sees_failed_items(user)
