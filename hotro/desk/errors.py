from __future__ import annotations

from django.utils.functional import Promise


class DeskError(Exception):
    """A domain rule said no. The message is translatable and safe to show the user.

    ``field`` names the form field at fault, when there is one, so adapters can
    attach the error where the user will see it.
    """

    def __init__(self, message: str | Promise, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)
