"""Signals of the accounts app.

``password_changed(sender, user)``: an existing account's password was saved anew (a reset by
email, the admin's password form, ``manage.py changepassword``). Sent after the save, inside
whatever transaction saved it; the sign-in audit (``hotro.accounts.signin_audit``) records it.
"""

from __future__ import annotations

from django.dispatch import Signal

password_changed = Signal()
