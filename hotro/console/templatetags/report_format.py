"""Report values in templates (the tiles); tables and charts come formatted from ``hotro.reports.display``."""

from __future__ import annotations

from typing import Any

from django import template

from hotro.reports.display import value_text

register = template.Library()


@register.filter
def report_value(value: Any, kind: str) -> str:
    return value_text(value, kind)
