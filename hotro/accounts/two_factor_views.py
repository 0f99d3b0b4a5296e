"""The second step of a staff sign-in: the code, or setting up the authenticator first.

Both pages serve the person halfway through signing in (``hotro.accounts.pending``); the
set-up page also serves a signed-in staff member who chooses to add a second factor. Views
stay thin: ``hotro.accounts.two_factor`` decides and audits.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from hotro.accounts import lockout, pending, two_factor
from hotro.accounts.forms import EnrolmentForm, SecondFactorForm
from hotro.accounts.models import User
from hotro.accounts.services import AccountError
from hotro.accounts.signin_audit import SECOND_FACTOR_MARK
from hotro.accounts.staff import is_staff_account
from hotro.core.forms import add_service_error


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for a code. A wrong one counts as a failed sign-in (django-axes): ten lock the account out."""
    user = pending.pending_user(request)
    if user is None:
        return redirect("accounts:login")
    if not two_factor.has_second_factor(user):
        return redirect("accounts:two_factor_enrol")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        credentials = {"username": user.email}
        if AxesProxyHandler.is_locked(request, credentials):
            pending.abandon(request)
            return lockout.locked_out(request, credentials)
        if two_factor.check_code(user, form.cleaned_data["code"], request):
            return redirect(pending.finish(request, user))
        user_login_failed.send(sender=__name__, credentials={**credentials, SECOND_FACTOR_MARK: True}, request=request)
        if getattr(request, "axes_locked_out", False):
            pending.abandon(request)  # AxesMiddleware answers with the lockout page
        form.add_error("code", _("This code is not right. Try the current code, or a recovery code."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "email": user.email})


def _enrolling_user(request: HttpRequest) -> tuple[User | None, bool]:
    """Who sets up an authenticator here, and whether they are halfway through signing in."""
    user = pending.pending_user(request)
    if user is not None:
        return user, True
    if isinstance(request.user, User) and is_staff_account(request.user):
        return request.user, False
    return None, False


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Show the QR code and the secret; the first code from the app confirms them and the recovery codes
    are shown, once. Someone halfway through signing in is then signed in."""
    user, signing_in = _enrolling_user(request)
    if user is None:
        return redirect("accounts:login")
    if two_factor.has_second_factor(user):
        return redirect("accounts:two_factor_verify" if signing_in else "accounts:profile")
    device = two_factor.pending_device(user)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.confirm_enrolment(user, form.cleaned_data["code"], request)
        except AccountError as error:
            add_service_error(form, error)
        else:
            next_url = pending.finish(request, user) if signing_in else reverse("accounts:profile")
            return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next_url": next_url})
    context = {
        "form": form,
        "qr_svg": two_factor.qr_svg(device),
        "secret": two_factor.secret_text(device),
        "signing_in": signing_in,
        "required": two_factor.is_required(user),
        "email": user.email,
    }
    return render(request, "accounts/two_factor_enrol.html", context)
