"""Select and text widgets rendered in Python, for the console's busiest pages.

Django renders a ``<select>`` through a template per option (select.html, then
select_option.html and attrs.html for each one); a queue's assignee filter has
dozens of options, and that was most of the page's rendering time. These
widgets build the very same markup (same attributes, order and whitespace as
Django's templates, down to the newline that ends each option's template) from
the same widget context, so values, selection, ``id``s and ``aria-invalid`` on
a field with errors behave exactly as before.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _text(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` under autoescaping."""
    return conditional_escape(value if isinstance(value, str) else str(value))


def flat_attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html: `` name="value"``, a bare name for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{_text(value)}"')
    return "".join(parts)


class Select(forms.Select):
    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{flat_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                parts.append(
                    f'\n  <option value="{_text(option["value"])}"{flat_attrs(option["attrs"])}>'
                    f"{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


class TextInput(forms.TextInput):
    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
        html = f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        return mark_safe(f"{html}{shown}{flat_attrs(widget['attrs'])}>")  # noqa: S308 - every value is escaped
