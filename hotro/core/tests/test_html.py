"""Markup built in Python escapes every value by construction (``hotro.core.html``)."""

import pytest
from django.utils.functional import lazystr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from hotro.core.html import html_format, html_join

HOSTILE = """<script>alert('x')</script> & "quoted" """


class Markup:
    """Anything with ``__html__`` (a form's bound field, say) counts as markup."""

    def __html__(self) -> str:
        return "<b>bold</b>"


def test_it_escapes_text_exactly_as_django_does():
    assert html_format("<p>{text}</p>", text=HOSTILE) == format_html("<p>{}</p>", HOSTILE)
    assert html_format("<p>{text}</p>", text=HOSTILE) == f"<p>{conditional_escape(HOSTILE)}</p>"


def test_it_escapes_numbers_lazy_text_and_other_objects_through_their_text():
    assert html_format("{n}|{lazy}|{obj}", n=42, lazy=lazystr("<i>"), obj=ValueError("a<b")) == "42|&lt;i&gt;|a&lt;b"


def test_it_keeps_markup_as_it_is():
    inner = html_format("<em>{text}</em>", text="<x>")
    assert html_format("<p>{inner}{safe}{obj}</p>", inner=inner, safe=mark_safe("<br>"), obj=Markup()) == (
        "<p><em>&lt;x&gt;</em><br><b>bold</b></p>"
    )


def test_a_value_used_twice_is_escaped_once():
    assert html_format('<a href="{url}">{url}</a>', url="/a?b=1&c=2") == '<a href="/a?b=1&amp;c=2">/a?b=1&amp;c=2</a>'


def test_clean_text_comes_through_unchanged_and_the_result_is_markup():
    result = html_format("<td>{text}</td>", text="VPS số 1 không truy cập được")
    assert result == "<td>VPS số 1 không truy cập được</td>"
    assert isinstance(result, SafeString)


def test_join_escapes_any_part_that_is_not_markup():
    joined = html_join([html_format("<li>{x}</li>", x="a&b"), "<li>raw</li>"], separator="\n")
    assert joined == "<li>a&amp;b</li>\n&lt;li&gt;raw&lt;/li&gt;"
    assert isinstance(joined, SafeString)


def test_fields_may_be_named_like_builtins():
    assert html_format('<input type="{type}" name="{str}">{values}', type="a&b", str="<s>", values=1) == (
        '<input type="a&amp;b" name="&lt;s&gt;">1'
    )


def test_only_plain_named_fields_are_accepted():
    for template in ("{}", "{0}", "{x!r}", "{x:>5}", "{x.y}", "{_x}", "{class}"):
        with pytest.raises(ValueError, match="plain named fields"):
            html_format(template, x=1)


def test_literal_braces_are_written_as_in_str_format():
    assert html_format("{{x}} {x}", x="<") == "{x} &lt;"
