"""A local OAuth2 provider for tests: a token endpoint and the introspection endpoint Dovecot asks.

No real Microsoft or Google runs here, so this small HTTP server plays their part
(the one in-process stand-in the IMAP tests allow; Dovecot itself is real). It
answers the ``refresh_token`` grant at ``/token`` as RFC 6749 describes, and
``/introspect`` (RFC 7662, ``introspection_mode = post``) says whether an access
token it issued is still active, so Dovecot's ``oauth2`` passdb accepts exactly the
tokens the provider considers good.

``with oauth_provider(user="test", refresh_token="r1") as provider: ...``;
``provider.refuse_with = "invalid_grant"`` makes the token endpoint refuse,
``provider.rotate = True`` hands out a new refresh token at each grant (and
revokes the old one), ``provider.refresh_token_expires_in`` reports a limit.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


@dataclass
class OAuthProvider:
    user: str
    client_id: str
    client_secret: str
    refresh_tokens: set[str]
    port: int = 0
    access_expires_in: int = 3600
    refresh_token_expires_in: int | None = None
    rotate: bool = False
    refuse_with: str | None = None  # an OAuth2 error code the token endpoint answers with
    access_tokens: dict[str, float] = field(default_factory=dict)  # token -> monotonic expiry
    grants: list[dict[str, str]] = field(default_factory=list)  # every token request's form, in order
    introspections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def token_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/token"

    @property
    def introspection_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/introspect"

    def issue_access_token(self, expires_in: int | None = None) -> str:
        token = "at-" + secrets.token_urlsafe(16)
        with self.lock:
            self.access_tokens[token] = time.monotonic() + (expires_in if expires_in is not None else 3600)
        return token

    def is_active(self, token: str) -> bool:
        with self.lock:
            return self.access_tokens.get(token, 0) > time.monotonic()

    def revoke(self, token: str) -> None:
        with self.lock:
            self.access_tokens.pop(token, None)

    def grant(self, form: dict[str, str]) -> tuple[int, dict[str, object]]:
        """The token endpoint's answer (status, JSON) to one request."""
        with self.lock:
            self.grants.append(form)
        if form.get("grant_type") != "refresh_token":
            return 400, {"error": "unsupported_grant_type"}
        if form.get("client_id") != self.client_id or form.get("client_secret", "") != self.client_secret:
            return 401, {"error": "invalid_client", "error_description": "unknown client or wrong secret"}
        if self.refuse_with:
            return 400, {"error": self.refuse_with, "error_description": "AADSTS70008: the refresh token has expired"}
        with self.lock:
            if form.get("refresh_token") not in self.refresh_tokens:
                return 400, {"error": "invalid_grant", "error_description": "unknown or revoked refresh token"}
        answer: dict[str, object] = {
            "token_type": "Bearer",
            "access_token": self.issue_access_token(self.access_expires_in),
            "expires_in": self.access_expires_in,
            "scope": form.get("scope", ""),
        }
        if self.rotate:
            new = "rt-" + secrets.token_urlsafe(16)
            with self.lock:
                self.refresh_tokens = {new}  # the one just used is dead from now on
            answer["refresh_token"] = new
        if self.refresh_token_expires_in is not None:
            answer["refresh_token_expires_in"] = self.refresh_token_expires_in
        return 200, answer

    def introspect(self, form: dict[str, str]) -> dict[str, object]:
        with self.lock:
            self.introspections += 1
        token = form.get("token", "")
        return {"active": True, "username": self.user} if self.is_active(token) else {"active": False}


def _handler(provider: OAuthProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # Dovecot's HTTP client keeps connections alive

        def do_POST(self) -> None:  # http.server's hook name
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            form = {key: values[0] for key, values in parse_qs(body, keep_blank_values=True).items()}
            if self.path == "/token":
                status, answer = provider.grant(form)
            elif self.path == "/introspect":
                status, answer = 200, provider.introspect(form)
            else:
                status, answer = 404, {"error": "not_found"}
            data = json.dumps(answer).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # the base class's signature
            pass  # quiet tests

    return Handler


CLIENT_ID = "hotro-test"
CLIENT_SECRET = "s3cret"  # noqa: S105 - a test provider's
REFRESH_TOKEN = "rt-initial"  # noqa: S105 - a test provider's


@contextmanager
def oauth_provider(
    *, user: str, refresh_token: str = REFRESH_TOKEN, client_id: str = CLIENT_ID, client_secret: str = CLIENT_SECRET
) -> Iterator[OAuthProvider]:
    """A running provider on a free port of 127.0.0.1 that knows one client and one refresh token."""
    provider = OAuthProvider(
        user=user, client_id=client_id, client_secret=client_secret, refresh_tokens={refresh_token}
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    server.daemon_threads = True
    provider.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name="oauth-provider", daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
