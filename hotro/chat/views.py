"""The widget's loader script (any website loads it) and the agents' chat console page."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hotro.accounts.current import agent_required, signed_in_agent
from hotro.chat.services import ChatError, conversation_for_agent
from hotro.desk.services import departments

WIDGET = Path(__file__).resolve().parent / "static" / "chat" / "widget.js"


@cache
def _widget_source() -> bytes:
    return WIDGET.read_bytes()


@require_GET
def widget_js(request: HttpRequest) -> HttpResponse:
    """The one script a host page includes: public, cacheable, loadable from any origin."""
    response = HttpResponse(_widget_source(), content_type="text/javascript; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Cache-Control"] = "public, max-age=300"
    return response


@agent_required
def console(request: HttpRequest) -> HttpResponse:
    # Any active department: a sales agent passes a technical chat on to Technical (P6).
    targets = [{"slug": d.slug, "label": str(d.label)} for d in departments.all_departments() if d.active]
    return render(
        request,
        "chat/console.html",
        {"section": "chat", "ws_path": "/ws/chat/agent/", "departments": targets},
    )


@require_GET
@agent_required
def transcript(request: HttpRequest, pk: int) -> HttpResponse:
    """One chat as it went, for agents of its department: from search and the customer's timeline."""
    agent = signed_in_agent(request)
    try:
        conversation = conversation_for_agent(agent, pk)
    except ChatError:
        raise Http404("No such chat in your departments") from None
    messages = conversation.messages.select_related("agent").order_by("pk")
    return render(
        request, "chat/transcript.html", {"section": "chat", "conversation": conversation, "messages": messages}
    )
