"""Words for what the vault shows: the kinds of secret spotted in messages, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

KIND_LABELS = {
    "password": _("a password"),
    "url_password": _("a password in an address"),
    "private_key": _("a private key"),
    "aws_key": _("an AWS access key"),
    "github_token": _("a GitHub token"),
    "slack_token": _("a Slack token"),
    "jwt": _("a JSON Web Token"),
    "token": _("a token or key"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def kinds_text(kinds: list[str]) -> str:
    return ", ".join(kind_label(kind) for kind in kinds)
