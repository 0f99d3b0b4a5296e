"""The "secret" field that the portal's and the console's forms add to their message boxes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hotro.vault.errors import VaultError
from hotro.vault.services import SECRET_MAX_CHARS, check_secret, vault_ready


class SecretField(forms.CharField):
    """Optional; a value is checked by the vault (not blank, not too long, a key to encrypt it) so a
    refused secret is a form error before the ticket or the reply is written. Kept as typed: a
    password's leading or trailing space is part of it.

    While the vault has no key (production before ``HOTRO_VAULT_KEYS`` is set) the field is disabled: not
    shown (``vault/_secret_field.html``), and a value posted anyway is ignored, never stored elsewhere.
    """

    @property
    def disabled(self) -> bool:
        return not vault_ready()

    @disabled.setter
    def disabled(self, value: bool) -> None:
        """Django's ``Field.__init__`` sets it; whether the vault can take a secret decides instead."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Secret (password, key)"))
        kwargs.setdefault(
            "help_text",
            _("Kept encrypted and shown only to the agents handling your request; never sent by email."),
        )
        attrs = {
            "rows": 2,
            "autocomplete": "off",
            "spellcheck": "false",
            "autocapitalize": "off",
            "class": "secret-input",
            "maxlength": str(SECRET_MAX_CHARS),
        }
        kwargs.setdefault("widget", forms.Textarea(attrs=attrs))
        super().__init__(required=False, strip=False, **kwargs)

    def to_python(self, value: Any) -> str:
        # No max_length validator: the vault says "too long" in its own words, and the browser's maxlength helps.
        return "" if value in self.empty_values else str(value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value == "":
            return
        try:
            check_secret(value)
        except VaultError as error:
            raise ValidationError(str(error.message), code=error.code) from None
