from __future__ import annotations

from django.utils.functional import Promise


class RepliesError(Exception):
    """A rule of canned responses, macros or signatures said no (an unknown placeholder, a response of
    another department). Shaped like ``DeskError`` (a translatable message, the field at fault, a code) so
    adapters map both the same way: a form error or a 4xx with the message.
    """

    def __init__(self, message: str | Promise, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)
