"""Creating, checking and revoking API tokens: the only code that writes ``ApiToken`` rows.

A token reads ``hotro_<prefix>_<secret>``: the prefix finds the row (and is shown in lists so a
person can tell their tokens apart), the whole token is compared by its SHA-256 in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.api.models import ApiToken, Scope, TokenKind
from hotro.desk.models import Department
from hotro.desk.services import is_agent

TOKEN_PREFIX = "hotro_"  # noqa: S105 - the public start of every token, not a secret
# Writing last_used_at on every request would make each read a write; a minute is precise enough.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenError(Exception):
    """A token could not be made as asked; ``field`` names the input at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole bearer token: shown once, never stored


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def parse_scopes(values: Iterable[str]) -> list[str]:
    """Known scopes, deduplicated in their canonical order; an unknown one is an error (a typo must not pass)."""
    wanted = {v.strip() for v in values if v.strip()}
    unknown = wanted - set(Scope.values)
    if unknown:
        raise TokenError(_("Unknown scope: %(scopes)s.") % {"scopes": ", ".join(sorted(unknown))}, field="scopes")
    if not wanted:
        raise TokenError(_("Choose at least one scope."), field="scopes")
    return [s for s in Scope.values if s in wanted]


@transaction.atomic
def create_token(
    *,
    name: str,
    user: User,
    scopes: Iterable[str],
    kind: str = TokenKind.PERSONAL,
    departments: Sequence[Department] = (),
    all_departments: bool = False,
    expires_at: datetime | None = None,
    created_by: User | None = None,
) -> NewToken:
    """A token acting as agent ``user``; the returned secret is the only copy there will ever be.

    An integration token sees only ``departments`` (or every department the agent sees with
    ``all_departments``), so a billing system bound to Sales never reads Technical's tickets.
    """
    name = " ".join(name.split())[:120]
    if not name:
        raise TokenError(_("Give the token a name."), field="name")
    if not is_agent(user):
        raise TokenError(_("Tokens act as an active agent."), field="user")
    if kind not in TokenKind.values:
        raise TokenError(_("Unknown kind of token."), field="kind")
    clean_scopes = parse_scopes(scopes)
    if kind == TokenKind.INTEGRATION and not all_departments and not departments:
        raise TokenError(_("Bind the integration to departments, or to all."), field="departments")
    if expires_at is not None and expires_at <= timezone.now():
        raise TokenError(_("The expiry date is in the past."), field="expires_at")
    prefix = secrets.token_hex(5)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        name=name,
        kind=kind,
        user=user,
        created_by=created_by,
        prefix=prefix,
        token_hash=_digest(raw),
        scopes=clean_scopes,
        all_departments=kind == TokenKind.PERSONAL or all_departments,
        expires_at=expires_at,
    )
    if kind == TokenKind.INTEGRATION and not all_departments:
        token.departments.set(departments)
    return NewToken(token, raw)


def authenticate(raw: str) -> ApiToken | None:
    """The usable token ``raw`` names, with its agent; None for anything else (unknown, revoked, expired)."""
    raw = raw.strip()
    if not raw.startswith(TOKEN_PREFIX):
        return None
    prefix, _sep, rest = raw[len(TOKEN_PREFIX) :].partition("_")
    if not prefix or not rest or len(prefix) > 16:
        return None
    token = ApiToken.objects.select_related("user", "user__agent").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.token_hash, _digest(raw)):
        return None
    if not token.is_usable or not token.user.is_active or not is_agent(token.user):
        return None  # a deactivated agent's tokens stop with them
    _touch(token)
    return token


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def revoke(token: ApiToken, by: User) -> bool:
    """Stop ``token`` at once; its owner and administrators may. False when it was already revoked."""
    agent = getattr(by, "agent", None)
    if token.user_id != by.pk and token.created_by_id != by.pk and not (agent is not None and agent.is_admin):
        raise TokenError(_("You cannot revoke this token."))
    return bool(ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()))


def tokens_of(user: User) -> list[ApiToken]:
    """The tokens a person manages on their tokens page: their own, and the integrations they created."""
    from django.db.models import Q

    return list(
        ApiToken.objects.filter(Q(user=user) | Q(created_by=user))
        .select_related("user")
        .prefetch_related("departments")
        .distinct()
    )
