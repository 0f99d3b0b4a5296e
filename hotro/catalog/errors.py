from __future__ import annotations

from django.utils.functional import Promise


class CatalogError(Exception):
    """A catalogue rule said no (unknown product, bad address, illegal incident move).

    Shaped like ``DeskError`` (a translatable message, the field at fault, a code) so adapters
    map both the same way: a form error, a 400 with the message, a line in an import report.
    """

    def __init__(self, message: str | Promise, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)
