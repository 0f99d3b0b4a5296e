"""Select and text widgets rendered in Python, for the console's busiest pages.

Django renders a ``<select>`` through a template per option (select.html, then
select_option.html and attrs.html for each one); a queue's assignee filter has
dozens of options, and that was most of the page's rendering time. These
widgets build the very same markup (same attributes, order and whitespace as
Django's templates, down to the newline that ends each option's template) from
the same widget context, so values, selection, ``id``s and ``aria-invalid`` on
a field with errors behave exactly as before. The markup is made with
``hotro.core.html.html_format``: every value is escaped on its way in unless it is
markup already, as ``conditional_escape`` did.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.safestring import SafeString

from hotro.core.html import html_format, html_join

_OPTION = '\n  <option value="{value}"{attrs}>{label}</option>\n'
_OPTGROUP_END = html_format("\n  </optgroup>")
_SELECT_END = html_format("\n</select>")


def _text(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: the value as text, escaped on its way into the markup."""
    return value if isinstance(value, str) else str(value)


def flat_attrs(attrs: dict[str, Any]) -> SafeString:
    """django/forms/widgets/attrs.html: `` name="value"``, a bare name for True, nothing for False."""
    return html_join(
        html_format(" {name}", name=name)
        if value is True
        else html_format(' {name}="{value}"', name=name, value=_text(value))
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [html_format('<select name="{name}"{attrs}>', name=widget["name"], attrs=flat_attrs(widget["attrs"]))]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(html_format('\n  <optgroup label="{label}">', label=group_name))
            for option in group_choices:
                parts.append(
                    html_format(
                        _OPTION, value=_text(option["value"]), attrs=flat_attrs(option["attrs"]), label=option["label"]
                    )
                )
            if group_name:
                parts.append(_OPTGROUP_END)
        parts.append(_SELECT_END)
        return html_join(parts)


class TextInput(forms.TextInput):
    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        return html_format(
            '<input type="{type}" name="{name}"{shown}{attrs}>',
            type=widget["type"],
            name=widget["name"],
            shown="" if widget["value"] is None else html_format(' value="{value}"', value=_text(widget["value"])),
            attrs=flat_attrs(widget["attrs"]),
        )
