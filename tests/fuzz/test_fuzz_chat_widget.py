"""The chat widget's only HTTP endpoint, /chat/widget.js (the conversation itself runs over a
WebSocket, tested in hotro/chat/tests): any query, method or header gives the script or a 405."""

from __future__ import annotations

from urllib.parse import urlencode

from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from .strategies import FUZZ, assert_no_5xx, short_text, text

URL = "/chat/widget.js"


@FUZZ
@given(
    query=st.dictionaries(short_text, text, max_size=3),
    method=st.sampled_from(["get", "head", "post", "put", "delete", "options"]),
    origin=st.one_of(st.none(), st.sampled_from(["https://www.cloudmini.example", "null", "https://evil.example"])),
)
def test_the_widget_script_never_500(db, query, method, origin):
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    response = getattr(Client(), method)(f"{URL}?{urlencode(query)}", **headers)
    assert_no_5xx(response)
    assert response.status_code in (200, 405)
