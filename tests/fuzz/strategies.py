"""What the property tests of the public surfaces throw at them, and the property they check.

Every surface gets the same promise (issue #14, "Fuzzing"): whatever arrives, the answer is a
2xx, 3xx or 4xx, never a 5xx; and a refused request (4xx, or a form shown again with its
errors) leaves the tables it could have written as they were.

Runs are bounded and derandomised (``FUZZ``) so CI sees the same examples every time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlparse

from django.db.models import Model
from django.http import HttpResponse
from django.test import Client
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

# The same examples on every run; fixtures (the database) are shared by the examples of one test on purpose.
FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Values that broke web forms somewhere: NUL (PostgreSQL refuses it in text), bidi and zero-width
# characters, huge and negative numbers, dates out of range, markup, SQL, paths, Vietnamese.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202e\u200b\ufeff",
    "-1",
    "0",
    "1e309",
    "99999999999999999999999999999999",
    "0001-01-01",
    "9999-12-31",
    "NaN",
    "null",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "%00",
    "%s%n",
    "x" * 5000,
    "Nguyễn Văn An — máy chủ không SSH được 🚀",
    "an.nguyen@example.com",
    "a@b",
    "@",
    "very.long." + "x" * 300 + "@example.com",
    "=?utf-8?B?AAAA?=",
    "\r\nBcc: victim@example.com",
]

# Text a browser could send (no lone surrogates: those cannot be encoded as UTF-8 at all).
_chars = st.characters(blacklist_categories=["Cs"])
_with_nul = st.tuples(st.text(_chars, max_size=20), st.text(_chars, max_size=20)).map("\x00".join)
text = st.one_of(
    st.sampled_from(NASTY),
    st.text(_chars, max_size=60),
    st.text(_chars, min_size=200, max_size=3000),
    _with_nul,  # the one PostgreSQL refuses in every text column
)
short_text = st.one_of(st.sampled_from(NASTY[:20]), st.text(_chars, max_size=30))

# JSON values of every shape, nested a little.
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False), text)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(short_text, inner, max_size=4),
    max_leaves=10,
)


def form_data(
    valid: dict[str, st.SearchStrategy[Any]], near: dict[str, st.SearchStrategy[Any]] | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """A form post that is valid but for a few fields: each of those left out, replaced by a near miss
    (``near``), any text, or several values; plus a few stray fields. Mostly-valid posts reach the
    code behind the form's validation, which is where a 500 hides."""
    near = near or {}

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        data = {name: draw(strategy) for name, strategy in valid.items()}
        for name in draw(st.lists(st.sampled_from(sorted(valid)), max_size=3, unique=True)):
            how = draw(st.sampled_from(["drop", "near", "text", "list"]))
            if how == "drop":
                del data[name]
            elif how == "near" and name in near:
                data[name] = draw(near[name])
            elif how == "list":
                data[name] = draw(st.lists(text, min_size=2, max_size=3))
            else:
                data[name] = draw(text)
        stray = draw(st.dictionaries(short_text.filter(lambda key: bool(key) and key not in valid), text, max_size=2))
        return {**stray, **data}

    return build()


def raw_body() -> st.SearchStrategy[tuple[bytes, str]]:
    """A body the client does not encode: random bytes, broken JSON or multipart, with a content type."""
    bodies = st.one_of(
        st.binary(max_size=2000),
        json_value.map(lambda value: json.dumps(value).encode()),
        st.sampled_from([b"", b"{", b'{"a":', b"\xff\xfe", b"--x\r\n", b"a=%ff&b=%&=&&", b"[" * 2000]),
    )
    types = st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "multipart/form-data",
            "application/json",
            "text/plain; charset=utf-8",
            "application/octet-stream",
            "application/x-www-form-urlencoded; charset=koi8-r",
            "application/x-www-form-urlencoded; charset=bogus",
        ]
    )
    return st.tuples(bodies, types)


def counts(models: Iterable[type[Model]]) -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in models}


def assert_refusal_wrote_nothing(
    response: HttpResponse, before: dict[str, int], models: Iterable[type[Model]], *, refused: bool | None = None
) -> None:
    """Never a 5xx; a refused request (a 4xx, or ``refused`` when a form came back with errors) wrote no row."""
    event(f"answered {response.status_code}")  # shown by pytest --hypothesis-show-statistics
    assert_no_5xx(response)
    if refused is None:
        refused = 400 <= response.status_code < 500
    if refused:
        assert counts(models) == before, f"a refused request ({response.status_code}) wrote rows"


def assert_no_5xx(response: HttpResponse) -> None:
    assert response.status_code < 500, f"{response.status_code}: {response.content[:300]!r}"


def assert_local_redirect(response: HttpResponse) -> None:
    """A redirect never leaves the desk (an open redirect is how phishing borrows our address)."""
    if response.status_code in (301, 302, 303, 307, 308):
        target = urlparse(response["Location"])
        assert target.netloc in ("", "testserver") and target.scheme in ("", "http", "https"), response["Location"]


def post_raw(client: Client, path: str, body: bytes, content_type: str, **extra: Any) -> HttpResponse:
    """POST the bytes exactly as given (``Client.post`` would re-encode them for the content type's charset)."""
    return client.generic("POST", path, body, content_type=content_type, **extra)
