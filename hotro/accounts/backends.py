"""Sign-in by email and password, with the agent and contact profiles loaded alongside the user.

Every signed-in request asks "is this an agent?" (and the portal "which contact?"):
joining both one-to-one profiles into the query that loads the user answers that
without two more queries per request.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from hotro.accounts.models import User


class AccountBackend(ModelBackend):
    def get_user(self, user_id: int) -> User | None:
        user = User.objects.select_related("agent", "contact").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
