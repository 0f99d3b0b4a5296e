"""Customer satisfaction on the portal: the one-click links of the resolution email, and the rating box.

Mail scanners and link previewers open every link in a message before its reader does, so a GET
that recorded the answer would record the scanner's click. The emailed links therefore only *show*
the answer: ``rate_link``'s GET is a confirmation page with the clicked face already chosen and a
single button (plus an optional comment), and only its POST records. After recording, the same page
shows the answer and lets the customer add or change the comment (or the face) while the change window
is open. The link itself is the key (signed, ``hotro.satisfaction.links``): no sign-in is needed.

The ticket page's box posts to ``ticket_rate`` (signed-in customer) or ``guest_ticket_rate`` (guest link);
``hotro.satisfaction.services`` decides who may rate and when.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from hotro.accounts.models import Contact
from hotro.core.forms import add_service_error
from hotro.desk.models import Ticket
from hotro.portal.access import PortalTicket, ticket_for_request, ticket_for_token
from hotro.portal.ticket_views import offers_fresh_link
from hotro.satisfaction import services as satisfaction
from hotro.satisfaction.errors import RatingError
from hotro.satisfaction.links import ticket_for_rating_token
from hotro.satisfaction.models import Score, choices


class RatingForm(forms.Form):
    score = forms.ChoiceField(label=gettext_lazy("Your answer"), choices=Score.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=gettext_lazy("Comment (optional)"),
        required=False,
        max_length=satisfaction.COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _page(
    request: HttpRequest, ticket: Ticket, contact: Contact, form: RatingForm, action: str, status: int = 200
) -> HttpResponse:
    rating = satisfaction.rating_of(ticket)
    refused = satisfaction.refusal(ticket, contact, rating)
    context: dict[str, Any] = {
        "ticket": ticket,
        "form": form,
        "rating": rating,
        "refusal": refused.message if refused is not None else "",
        "can_rate": refused is None,
        "until": satisfaction.changeable_until(rating) if rating is not None else None,
        "choices": choices(),
        "chosen": form["score"].value(),
        "action": action,
    }
    return render(request, "portal/rate.html", context, status=status)


def _record(request: HttpRequest, ticket: Ticket, contact: Contact, form: RatingForm) -> RatingError | None:
    """Record the valid form's answer; the refusal when the service says no (nothing is written then)."""
    try:
        satisfaction.rate(ticket, contact, form.cleaned_data["score"], form.cleaned_data["comment"])
    except RatingError as error:
        add_service_error(form, error)
        return error
    messages.success(request, _("Thank you! Your answer is recorded."))
    return None


@require_http_methods(["GET", "POST"])
def rate_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the confirmation page (changes nothing: scanners open it too). POST: record, then show it again."""
    ticket, contact = ticket_for_rating_token(token)  # a forged, tampered or revoked link is a 404
    action = request.path
    if request.method == "GET":
        rating = satisfaction.rating_of(ticket)
        wanted = request.GET.get("score", "")
        score = wanted if wanted in Score.values else (rating.score if rating is not None else "")
        form = RatingForm(initial={"score": score, "comment": rating.comment if rating is not None else ""})
        return _page(request, ticket, contact, form, action)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _page(request, ticket, contact, form, action, status=400)
    refused = _record(request, ticket, contact, form)
    if refused is not None:
        return _page(request, ticket, contact, form, action, status=refused.status)
    return redirect(action)


def _from_ticket_page(request: HttpRequest, item: PortalTicket) -> HttpResponse:
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _page(request, item.ticket, item.contact, form, item.url("rate"), status=400)
    refused = _record(request, item.ticket, item.contact, form)
    if refused is not None:
        return _page(request, item.ticket, item.contact, form, item.url("rate"), status=refused.status)
    return redirect(item.url())


@login_required
@require_POST
def ticket_rate(request: HttpRequest, number: str) -> HttpResponse:
    return _from_ticket_page(request, ticket_for_request(request, number))


@require_POST
@offers_fresh_link
def guest_ticket_rate(request: HttpRequest, token: str) -> HttpResponse:
    return _from_ticket_page(request, ticket_for_token(token))
