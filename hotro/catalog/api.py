"""The billing system's endpoint: upsert one customer service by its external id.

``POST /hooks/catalog/instances/`` with ``Authorization: Bearer $HOTRO_CATALOG_TOKEN`` and a JSON
object with the CSV's fields (``external_id``, ``customer_email``, ``product``, ...). Answers
``{"external_id": ..., "result": "created" | "updated" | "unchanged"}``; the same object twice
changes nothing the second time. Small on purpose: the REST API will take this over.

404 while no token is configured (nothing to find), 401 without a bearer token, 403 with a wrong
one, 400 with ``{"error": ...}`` for a body that is not such an object; nothing is written then.
"""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hotro.catalog.services import CatalogError, upsert_instance

MAX_BODY_BYTES = 64 * 1024


def _error(status: int, message: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="hotro-catalog"'
    return response


@csrf_exempt
@require_POST
def instance_upsert(request: HttpRequest) -> HttpResponse:
    token = settings.HOTRO_CATALOG_TOKEN
    if not token:
        raise Http404
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return _error(401, "A bearer token is required (Authorization: Bearer …).")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        return _error(403, "This token is not accepted.")
    if len(request.body) > MAX_BODY_BYTES:
        return _error(400, f"The body is larger than {MAX_BODY_BYTES} bytes.")
    try:
        record = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: "[[[[…" nested too deep
        return _error(400, "The body is not JSON.")
    if not isinstance(record, dict):
        return _error(400, "The body must be one JSON object.")
    with translation.override("en"):
        try:
            instance, outcome = upsert_instance(record)
        except CatalogError as error:
            return _error(400, str(error.message))
    return JsonResponse(
        {"external_id": instance.external_id, "result": outcome}, status=201 if outcome == "created" else 200
    )
