from __future__ import annotations

from django import template

from hotro.vault.labels import kind_label, kinds_text

register = template.Library()


@register.filter
def vault_kind(kind: str) -> str:
    """``{{ secret.kind|vault_kind }}``: "a private key"."""
    return kind_label(kind)


@register.filter
def vault_kinds(kinds: list[str]) -> str:
    """``{{ detection.kinds|vault_kinds }}``: "a password, an AWS access key"."""
    return kinds_text(kinds)


@register.filter
def vault_for(by_message: dict[int, list[object]] | None, message_pk: int) -> list[object]:
    """``{{ vault_secrets|vault_for:message.pk }}``: the secrets that came with one message."""
    return (by_message or {}).get(message_pk, [])
