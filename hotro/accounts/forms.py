"""Forms of the account pages. They parse input; the services decide and save."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from hotro.accounts.models import LANGUAGE_CHOICES, User, normalise_email
from hotro.core.links import absolute_url
from hotro.core.outbound import queue_outbound


class SignInForm(AuthenticationForm):
    """Email and password; the address is matched however the customer capitalised it."""

    username = forms.EmailField(label=_("Email address"), widget=forms.EmailInput(attrs={"autofocus": True}))

    def clean_username(self) -> str:
        return normalise_email(self.cleaned_data["username"])


class SignUpForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    # The account's column holds 254 characters; a longer address was a 500 on PostgreSQL.
    email = forms.EmailField(label=_("Email address"), max_length=254)
    password1 = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Password again"), strip=False, widget=forms.PasswordInput)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        elif first:
            # Validate against a throw-away instance so "too similar to your email" works.
            candidate = User(email=data.get("email") or "", full_name=data.get("name") or "")
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


def _timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        help_text=_("For SMS to the hotline, e.g. 096 929 75 79."),
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    timezone = forms.ChoiceField(label=_("Time zone"), choices=_timezone_choices)


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the mail going through Hotro's outbox instead of straight to SMTP."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        reset_url = absolute_url("accounts:password_reset_confirm", context["uid"], context["token"])
        queue_outbound(
            channel="email",
            to=to_email,
            kind="accounts/password_reset",
            context={"user": user, "reset_url": reset_url},
            language=user.language,
            time_zone=user.timezone,
        )


class SecondFactorForm(forms.Form):
    """The code step: six digits from the authenticator, or one of the recovery codes (letters and a dash)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


class EnrolmentForm(forms.Form):
    """Setting up the authenticator: the first code it shows proves the secret was stored."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "pattern": r"[0-9 ]*"}
        ),
    )
