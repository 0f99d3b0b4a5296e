"""A customer as the desk knows them: identities, and everything they did on every channel.

Any agent may open a customer's page (the call log and SMS link to it); the timeline
shows only what happened in the agent's own departments (``hotro.core.timeline``).
The merge form joins a duplicate record (the same person wrote by SMS, then by email)
in two steps: name the other record, then confirm having seen both.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hotro.accounts.models import Contact, IdentityKind
from hotro.accounts.services import AccountError, clean_email, find_contact, normalise_phone
from hotro.console.access import agent_required, signed_in_agent
from hotro.core import timeline
from hotro.core.forms import add_service_error
from hotro.desk.services import DeskError, agent_department_ids, merge_contacts


class MergeForm(forms.Form):
    other = forms.CharField(
        label=gettext_lazy("The other record's email address or phone number"),
        max_length=254,
        help_text=gettext_lazy("Its tickets, calls and SMS move here; it is then deleted."),
    )

    def __init__(self, *args: object, keep: Contact, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's own untyped signature
        self.keep = keep

    def clean_other(self) -> Contact:
        value = self.cleaned_data["other"].strip()
        try:
            found = (
                find_contact(IdentityKind.EMAIL, clean_email(value))
                if "@" in value
                else find_contact(IdentityKind.PHONE, normalise_phone(value))
            )
        except AccountError as error:
            raise forms.ValidationError(error.message) from None
        if found is None:
            raise forms.ValidationError(_("No customer is known by %(value)s.") % {"value": value})
        if found.pk == self.keep.pk:
            raise forms.ValidationError(_("That is this customer."))
        return found


def _page(request: HttpRequest, contact: Contact, form: MergeForm, other: Contact | None = None) -> HttpResponse:
    agent = signed_in_agent(request)
    entries = timeline.for_contact(contact, agent_department_ids(agent))
    identities = contact.identities.order_by("kind", "value")
    return render(
        request,
        "console/contact.html",
        {"section": "", "contact": contact, "identities": identities, "entries": entries, "form": form, "other": other},
    )


@agent_required
def contact_page(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("user"), pk=pk)
    return _page(request, contact, MergeForm(keep=contact))


@require_POST
@agent_required
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """First post: the other record is named and shown for confirmation; second: merged."""
    agent = signed_in_agent(request)
    contact = get_object_or_404(Contact, pk=pk)
    form = MergeForm(request.POST, keep=contact)
    if not form.is_valid():
        return _page(request, contact, form)
    other: Contact = form.cleaned_data["other"]
    if request.POST.get("confirm") != str(other.pk):
        return _page(request, contact, form, other=other)
    try:
        merge_contacts(contact, other, agent)
    except DeskError as error:
        add_service_error(form, error)
        return _page(request, contact, form)
    messages.success(request, _("The two records are one customer now."))
    return redirect("console:contact", contact.pk)
