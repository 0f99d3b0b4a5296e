"""OAuth2 for IMAP mailboxes: trade the refresh token for access tokens, keep what the provider sends back.

Microsoft 365 and Google Workspace sign IMAP clients in with XOAUTH2 and an
access token that lives about an hour. An administrator consents once and
stores the refresh token; this module exchanges it at the provider's token
endpoint (RFC 6749 section 6, the ``refresh_token`` grant, client credentials in the
form body, which both providers accept) whenever the access token is missing or
has fewer than ``REFRESH_MARGIN`` left.

Several processes may want a token at once (the scheduler's poll and the IDLE
watcher): the refresh runs under a lock on the mailbox's row, and whoever comes
second uses the token the first one got. That matters with providers that
rotate refresh tokens: each refresh returns a new one and may revoke the old,
so two refreshes with the same token could lock the mailbox out.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotro.env import env_secret
from hotro.mail.models import Mailbox

# Refresh this long before the access token runs out, so a session never starts with a dying token.
REFRESH_MARGIN = timedelta(minutes=5)
MAX_ERROR_BODY = 4000  # bytes of an error answer kept: enough for the provider's description

TOKEN_FIELDS = [
    "oauth2_access_token",
    "oauth2_access_token_expires_at",
    "oauth2_refresh_token",
    "oauth2_rotated_env_sha256",
    "oauth2_refresh_token_expires_at",
    "oauth2_refreshed_at",
    "oauth2_error_code",
    "oauth2_error",
]


class OAuthError(Exception):
    """The token endpoint refused or could not be asked; ``code`` is the OAuth2 error (``invalid_grant``…),
    or ``unreachable`` / ``bad_response`` for trouble before the provider could say anything."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code[:50]
        self.detail = detail


@dataclass(frozen=True)
class TokenGrant:
    access_token: str
    expires_in: int | None  # seconds; None when the provider does not say
    refresh_token: str  # "" unless the provider rotated it
    refresh_token_expires_in: int | None


def _seconds(value: object) -> int | None:
    """``expires_in`` as an int; some endpoints send it as a string, a missing or odd one is "unknown"."""
    if not isinstance(value, str | int | float):  # JSON's null, lists and objects
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _error_from(body: bytes, status: int) -> OAuthError:
    """RFC 6749 section 5.2: the error answer is JSON with ``error`` and maybe ``error_description``."""
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("error"), str):
        return OAuthError(data["error"], str(data.get("error_description") or ""))
    return OAuthError("bad_response", f"HTTP {status}: {body[:200].decode('utf-8', 'replace')}")


def request_token(
    token_url: str, *, client_id: str, client_secret: str, refresh_token: str, scope: str = ""
) -> TokenGrant:
    """One refresh grant at ``token_url``; OAuthError when refused, unreachable or answered oddly."""
    if urllib.parse.urlsplit(token_url).scheme not in {"https", "http"}:
        raise OAuthError("bad_response", f"not an HTTP(S) token endpoint: {token_url!r}")
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": client_id}
    if client_secret:
        form["client_secret"] = client_secret
    if scope:
        form["scope"] = scope
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        token_url,
        data=urllib.parse.urlencode(form).encode("ascii"),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.HOTRO_MAIL_IMAP_TIMEOUT) as answer:  # noqa: S310
            body = answer.read()
    except urllib.error.HTTPError as exc:
        with exc:
            raise _error_from(exc.read(MAX_ERROR_BODY), exc.code) from exc
    except OSError as exc:  # URLError, refused connections and timeouts alike
        raise OAuthError("unreachable", str(getattr(exc, "reason", exc))) from exc
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("access_token"), str) or not data["access_token"]:
        raise OAuthError("bad_response", f"no access_token in the answer: {body[:200].decode('utf-8', 'replace')}")
    return TokenGrant(
        access_token=data["access_token"],
        expires_in=_seconds(data.get("expires_in")),
        refresh_token=data["refresh_token"] if isinstance(data.get("refresh_token"), str) else "",
        refresh_token_expires_in=_seconds(data.get("refresh_token_expires_in")),
    )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def refresh_token_of(mailbox: Mailbox) -> str:
    """The refresh token to use: the environment's, unless the provider rotated it since (then the stored one)."""
    if mailbox.oauth2_refresh_token_env:
        from_env = env_secret(mailbox.oauth2_refresh_token_env)
        if mailbox.oauth2_refresh_token and mailbox.oauth2_rotated_env_sha256 == _sha256(from_env):
            return mailbox.oauth2_refresh_token
        return from_env
    return mailbox.oauth2_refresh_token


def client_secret_of(mailbox: Mailbox) -> str:
    if mailbox.oauth2_client_secret_env:
        return env_secret(mailbox.oauth2_client_secret_env)
    return mailbox.oauth2_client_secret  # "" for a public client (no secret)


def _usable(mailbox: Mailbox, refused: str) -> bool:
    token = mailbox.oauth2_access_token
    if not token or token == refused:
        return False
    expires = mailbox.oauth2_access_token_expires_at
    return expires is None or expires - REFRESH_MARGIN > timezone.now()  # no expiry given: good until refused


def access_token(mailbox: Mailbox, *, refused: str = "") -> str:
    """A current access token for ``mailbox``, refreshed first when needed; the mailbox's fields are updated.

    ``refused`` is a token the IMAP server just turned down (revoked early, or the
    clocks disagree): it is replaced even if it looks valid. Raises OAuthError when
    the provider refuses (the error is recorded on the mailbox) and EnvError when a
    secret's variable is unset.
    """
    if _usable(mailbox, refused):
        return mailbox.oauth2_access_token
    error: OAuthError | None = None
    with transaction.atomic():
        current = Mailbox.objects.select_for_update().get(pk=mailbox.pk)
        if not _usable(current, refused):
            try:
                _refresh(current)
            except OAuthError as exc:
                error = exc
                current.oauth2_error_code = exc.code
                current.oauth2_error = exc.detail[:2000]
            current.save(update_fields=TOKEN_FIELDS)
        # else: another process refreshed while we waited for the lock; its token is ours too.
    for name in TOKEN_FIELDS:
        setattr(mailbox, name, getattr(current, name))
    if error is not None:
        raise error
    return mailbox.oauth2_access_token


def _refresh(mailbox: Mailbox) -> None:
    """Run the grant and keep its result on ``mailbox`` (not saved); OAuthError when refused."""
    used = refresh_token_of(mailbox)
    if not used:
        raise OAuthError("invalid_grant", "no refresh token is configured for this mailbox")
    grant = request_token(
        mailbox.oauth2_token_url,
        client_id=mailbox.oauth2_client_id,
        client_secret=client_secret_of(mailbox),
        refresh_token=used,
        scope=mailbox.oauth2_scope,
    )
    now = timezone.now()
    mailbox.oauth2_access_token = grant.access_token
    mailbox.oauth2_access_token_expires_at = (
        now + timedelta(seconds=grant.expires_in) if grant.expires_in is not None else None
    )
    if grant.refresh_token and grant.refresh_token != used:
        mailbox.oauth2_refresh_token = grant.refresh_token  # the old one may be dead already: keep the new one
        if mailbox.oauth2_refresh_token_env:
            mailbox.oauth2_rotated_env_sha256 = _sha256(env_secret(mailbox.oauth2_refresh_token_env))
    # Reported again with every grant by the providers that limit it; no figure means no known limit.
    mailbox.oauth2_refresh_token_expires_at = (
        now + timedelta(seconds=grant.refresh_token_expires_in) if grant.refresh_token_expires_in is not None else None
    )
    mailbox.oauth2_refreshed_at = now
    mailbox.oauth2_error_code = ""
    mailbox.oauth2_error = ""


# What an administrator sets up; changing any of it makes the tokens obtained so far someone else's.
SIGN_IN_FIELDS = [
    "username",
    "auth_method",
    "oauth2_token_url",
    "oauth2_client_id",
    "oauth2_client_secret",
    "oauth2_client_secret_env",
    "oauth2_refresh_token",
    "oauth2_refresh_token_env",
    "oauth2_scope",
]
# Learnt from the provider; forgotten on a new set-up, so a stale expiry cannot raise an alert.
LEARNT_FIELDS = [
    "oauth2_access_token",
    "oauth2_access_token_expires_at",
    "oauth2_rotated_env_sha256",
    "oauth2_refresh_token_expires_at",
    "oauth2_error_code",
    "oauth2_error",
]


def forget_tokens(mailbox: Mailbox) -> list[str]:
    """Drop what the provider told us about the old set-up (not saved); returns the fields to save."""
    for name in LEARNT_FIELDS:
        setattr(mailbox, name, None if name.endswith("_at") else "")
    return LEARNT_FIELDS


def explain_error(code: str, detail: str) -> str:
    """A refresh error as an administrator can act on it, in the active language."""
    if code == "invalid_grant":
        text = _(
            "The provider refused the refresh token (invalid_grant): it has expired or was revoked. "
            "Sign in to the mailbox again and store the new refresh token."
        )
    elif code in {"invalid_client", "unauthorized_client"}:
        text = _("The provider refused the client id or secret (%(code)s): check the app registration.") % {
            "code": code
        }
    elif code == "unreachable":
        text = _("The token endpoint could not be reached.")
    elif code == "bad_response":
        text = _("The token endpoint did not answer with a token.")
    else:
        text = _("The provider refused to refresh the access token (%(code)s).") % {"code": code}
    return f"{text} {detail}".strip() if detail else text
