"""Account pages: sign up, verify the address, sign in/out, password reset, language, profile.

Views stay thin: they parse a form, call ``hotro.accounts`` services, and turn an
``AccountError`` into a form error in the visitor's language.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotro.accounts import pending, profile, two_factor, verification
from hotro.accounts.current import signed_in_user
from hotro.accounts.forms import OutboxPasswordResetForm, ProfileForm, SignInForm, SignUpForm
from hotro.accounts.models import SignInEventKind
from hotro.accounts.services import AccountError, contact_for_user, register_customer
from hotro.accounts.staff import is_staff_account
from hotro.core.forms import add_service_error

RESEND_INTERVAL_SECONDS = 60


def signup(request: HttpRequest) -> HttpResponse:
    """Create a customer account, email the verification link, and sign the customer in."""
    if request.user.is_authenticated:
        return redirect("portal:home")
    initial = {"language": translation.get_language() if translation.get_language() in ("vi", "en") else "vi"}
    form = SignUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user = register_customer(data["email"], data["password1"], name=data["name"], language=data["language"])
                verification.send_verification_email(user)
        except AccountError as error:
            add_service_error(form, error)
        else:
            login(request, user, backend="hotro.accounts.backends.AccountBackend")
            messages.success(
                request, _("Welcome! We have emailed you a link to confirm your address: please follow it.")
            )
            return redirect("portal:home")
    return render(request, "accounts/signup.html", {"form": form})


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link. GET shows a confirm button (mail scanners follow links); POST verifies."""
    try:
        user = verification.user_for_token(token)
    except AccountError as error:
        return render(request, "accounts/verify_email.html", {"error": error.message}, status=400)
    if request.method == "POST":
        verification.verify_email(token)
        messages.success(request, _("Thank you, your email address is confirmed."))
        return redirect("portal:home" if request.user.is_authenticated else "accounts:login")
    return render(request, "accounts/verify_email.html", {"token": token, "address": user.email})


@require_POST
@login_required
def resend_verification(request: HttpRequest) -> HttpResponse:
    """Send the link again, at most once a minute per session (a button is easy to click twice)."""
    user = signed_in_user(request)
    if user.email_verified:
        messages.info(request, _("Your email address is already confirmed."))
    elif time.time() - request.session.get("verify_sent_at", 0) < RESEND_INTERVAL_SECONDS:
        messages.info(request, _("We sent you a link a moment ago; please check your inbox and spam folder."))
    else:
        with transaction.atomic():
            verification.send_verification_email(user)
        request.session["verify_sent_at"] = time.time()
        messages.success(request, _("We have sent you a new link to confirm your email address."))
    # A URL, never a view name: redirect() would try to reverse ``next=abc`` and fail with a 500.
    return HttpResponseRedirect(_safe_next(request, reverse("portal:home")))


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch between Vietnamese and English; a signed-in person keeps the choice on their account."""
    response = HttpResponseRedirect(_safe_next(request, reverse("portal:home")))
    language = request.POST.get("language", "")
    if language not in profile.LANGUAGES:
        return response
    if request.user.is_authenticated:
        profile.set_language(request.user, language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@login_required
def profile_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    contact = contact_for_user(user)
    initial = {"name": user.full_name, "phone": contact.phone, "language": user.language, "timezone": user.timezone}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            profile.update_profile(
                user, name=data["name"], phone=data["phone"], language=data["language"], time_zone=data["timezone"]
            )
        except AccountError as error:
            add_service_error(form, error)
        else:
            translation.activate(user.language)
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    offer_two_factor = is_staff_account(user) and not two_factor.has_second_factor(user)
    return render(request, "accounts/profile.html", {"form": form, "offer_two_factor": offer_two_factor})


class SignInView(auth_views.LoginView):
    """The password step. Staff with a second factor (or whose role requires one) are not signed in
    yet: they go on to the code step, or to set up an authenticator (``hotro.accounts.two_factor``)."""

    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        """Agents start their day in the console, customers in the portal (an explicit ``next`` wins)."""
        return pending.landing_url(self.request.user)

    def form_valid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        step = two_factor.second_step(user)
        if step is None:
            return super().form_valid(form)
        pending.begin(self.request, user, next_url=self.get_redirect_url())
        if step == two_factor.Step.ENROL:
            return redirect("accounts:two_factor_enrol")
        return redirect("accounts:two_factor_verify")


class AdminSignInView(SignInView):
    """The Django admin's sign-in (``/admin/login/``), so the admin asks for the second factor too.

    It shows the form even to someone signed in: the admin sends a signed-in agent who is not staff
    here, and sending them back would loop.
    """

    redirect_authenticated_user = False


class SignOutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        # Read by the sign-in audit when the new password is saved: a reset by email, from this request.
        setattr(form.user, "password_change_reason", SignInEventKind.PASSWORD_RESET)  # noqa: B010
        setattr(form.user, "password_change_request", self.request)  # noqa: B010
        return super().form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
