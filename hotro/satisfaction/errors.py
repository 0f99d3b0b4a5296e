from __future__ import annotations

from django.utils.functional import Promise


class RatingError(Exception):
    """A satisfaction rule said no (not the requester, not resolved, the change window has passed).

    Shaped like ``DeskError`` (a translatable message, the field at fault, a code) so adapters map
    both the same way; ``code`` also picks the HTTP status (``STATUS``).
    """

    STATUS = {"bad_score": 400, "too_long": 400, "not_requester": 403, "forbidden": 403}

    def __init__(self, message: str | Promise, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)

    @property
    def status(self) -> int:
        """400 for bad input, 403 for the wrong person, 409 for a rating the ticket's state does not allow."""
        return self.STATUS.get(self.code, 409)
