"""A customer's own settings: name, phone, language and time zone.

The account (``User``) and the desk's view of the person (``Contact``) are kept
in step here, so emails about tickets go out in the language the customer chose.
"""

from __future__ import annotations

import zoneinfo

from django.db import transaction
from django.utils.translation import gettext as _

from hotro.accounts.models import LANGUAGE_CHOICES, User
from hotro.accounts.services import AccountError, contact_for_user, normalise_phone

LANGUAGES = {code for code, _name in LANGUAGE_CHOICES}


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise AccountError(_("Choose Vietnamese or English."), field="language")
    return language


@transaction.atomic
def set_language(user: User, language: str) -> User:
    """Remember the interface (and email) language a signed-in person picked."""
    language = check_language(language)
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    contact = getattr(user, "contact", None)
    if contact is not None and contact.language != language:
        contact.language = language
        contact.save(update_fields=["language"])
    return user


@transaction.atomic
def update_profile(user: User, *, name: str, phone: str, language: str, time_zone: str) -> User:
    """Save the customer's profile; a bad phone number, language or zone changes nothing."""
    language = check_language(language)
    phone = normalise_phone(phone)
    if time_zone not in zoneinfo.available_timezones():
        raise AccountError(_("Unknown time zone."), field="timezone")
    user.full_name = " ".join(name.split())[:200]
    user.language = language
    user.timezone = time_zone
    user.save(update_fields=["full_name", "language", "timezone"])
    contact = contact_for_user(user)
    if contact.user_id != user.pk:
        return user  # an unproven address: its contact is not this account's to edit
    contact.name = user.full_name
    contact.phone = phone
    contact.language = language
    contact.save(update_fields=["name", "phone", "language"])
    return user
