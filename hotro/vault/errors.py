from __future__ import annotations

from django.utils.functional import Promise


class VaultError(Exception):
    """A vault rule said no (an empty or oversized secret, no key, a secret already destroyed).

    Shaped like ``DeskError`` (a translatable message, the field at fault, a code), so adapters map
    both the same way: a form error, a flash message or a 4xx.
    """

    def __init__(self, message: str | Promise, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)
