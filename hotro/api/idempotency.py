"""``Idempotency-Key`` on POSTs: a retried request gets the first answer again and changes nothing twice.

The change and the kept answer commit in one transaction, so after a timeout the client may
simply retry: either the first attempt committed (the retry gets its answer) or it did not
(the retry does the work). The same key with another body is a client bug and is refused.
Errors are not kept: a refused request changed nothing, and may be retried once fixed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel

from hotro.api.models import ApiToken, IdempotentResponse
from hotro.api.problems import ApiProblem, FieldError

HEADER = "Idempotency-Key"
RETENTION = timedelta(hours=24)
Operation = Callable[[], tuple[int, BaseModel]]


def _request_hash(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.path, request.body):
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _json(status: int, body: object, *, replayed: bool | None) -> HttpResponse:
    response = JsonResponse(body, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    if replayed is not None:
        response["Idempotent-Replayed"] = "true" if replayed else "false"
    return response


def _replay(kept: IdempotentResponse, request_hash: str) -> HttpResponse:
    if kept.request_hash != request_hash:
        message = _("This Idempotency-Key was used for a different request.")
        raise ApiProblem(422, "idempotency_key_reused", message, [FieldError(HEADER, message, "reused")])
    return _json(kept.status_code, kept.body, replayed=True)


def run(request: HttpRequest, token: ApiToken, operation: Operation) -> HttpResponse:
    """Run ``operation`` (which changes the desk and returns its status and answer) at most once per key."""
    key = request.headers.get(HEADER, "").strip()
    if not key:
        with transaction.atomic():
            status, out = operation()
        return _json(status, out.model_dump(mode="json"), replayed=None)
    if len(key) > 255 or not key.isprintable():
        message = _("The Idempotency-Key must be 1 to 255 printable characters.")
        raise ApiProblem(422, "validation_error", message, [FieldError(HEADER, message)])
    request_hash = _request_hash(request)
    since = timezone.now() - RETENTION
    kept = IdempotentResponse.objects.filter(token=token, key=key, created_at__gte=since).first()
    if kept is not None:
        return _replay(kept, request_hash)
    try:
        with transaction.atomic():
            # A key past its retention is free again.
            IdempotentResponse.objects.filter(token=token, key=key, created_at__lt=since).delete()
            status, out = operation()
            body = out.model_dump(mode="json")
            IdempotentResponse.objects.create(
                token=token, key=key, request_hash=request_hash, status_code=status, body=body
            )
    except IntegrityError:
        # The same key committed by a concurrent request first: ours rolled back, answer with theirs.
        kept = IdempotentResponse.objects.filter(token=token, key=key).first()
        if kept is None:
            raise
        return _replay(kept, request_hash)
    return _json(status, body, replayed=False)


def prune(now: datetime | None = None) -> int:
    """Forget answers past their retention (scheduled daily); returns how many."""
    cutoff = (now or timezone.now()) - RETENTION
    deleted, _counts = IdempotentResponse.objects.filter(created_at__lt=cutoff).delete()
    return deleted
