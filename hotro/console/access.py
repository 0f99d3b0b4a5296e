"""The console's door: only signed-in agents get through (``agent_required``, shared by every staff page)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from hotro.accounts.current import agent_required, signed_in_agent

__all__ = ["HtmxRequest", "agent_required", "signed_in_agent"]


class HtmxRequest(HttpRequest):
    """A request as ``HtmxMiddleware`` leaves it, for views that read ``request.htmx``."""

    htmx: HtmxDetails
