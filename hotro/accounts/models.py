"""People: sign-in accounts, customer contacts and agents.

A *contact* is a customer known by email address (P1: the address is
mandatory). A contact may have a sign-in account (``user``) or be a guest who
follows tickets through signed links. An *agent* is a staff account with a
role and membership in one or more departments.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from hotro.desk.models import Department

LANGUAGE_CHOICES = [("vi", "Tiếng Việt"), ("en", "English")]
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
SESSION_HASH_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"  # Django's own


def normalise_email(address: str) -> str:
    """One spelling per mailbox: surrounding spaces dropped, whole address lower-cased."""
    return address.strip().lower()


def validate_timezone(value: str) -> None:
    from django.core.exceptions import ValidationError

    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone."))


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)


class User(AbstractUser):
    """Sign-in account for customers and agents alike; the email address is the login."""

    username = None  # type: ignore[assignment]  # no username: the email is the login (django-stubs types it a field)
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, default="vi")
    timezone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TIMEZONE, validators=[validate_timezone])
    email_verified = models.BooleanField(_("email verified"), default=False)
    # Raised to end every session of the account at once (an administrator reset its second factor):
    # it is part of the session hash, so each session signed before the change no longer matches.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # ours takes the email as login

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    @property
    def is_agent(self) -> bool:
        return hasattr(self, "agent") and self.agent.active

    def get_session_auth_hash(self) -> str:
        """Django's hash of the password, and of the session generation once it has been raised.

        Generation 0 hashes exactly as Django does, so sessions signed before this field existed stay valid.
        """
        return self._session_hash(None)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret)

    def _session_hash(self, secret: str | bytes | None) -> str:
        value = self.password if not self.session_generation else f"{self.password}|{self.session_generation}"
        return salted_hmac(SESSION_HASH_SALT, value, secret=secret, algorithm="sha256").hexdigest()

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saved as usual; an existing account's new password is announced (``password_changed``) for the audit."""
        changed = self._password is not None and not self._state.adding  # type: ignore[attr-defined]
        super().save(*args, **kwargs)
        if changed:
            from hotro.accounts.signals import password_changed

            password_changed.send(sender=type(self), user=self)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A customer, as the desk knows them, reachable by any of their identities.

    Every email address, phone number and chat visitor id a customer is known by is a
    ``ContactIdentity`` (one contact each). ``email`` and ``phone`` are the preferred
    ones, where messages go; either may be empty: a customer who only sent an SMS or
    chatted is known by that alone until they give an address (P1 asks for one).
    """

    email = models.EmailField(_("email address"), blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text=_("E.164, e.g. +84969297579"))
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, default="vi")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="contact"
    )
    # Set when mail to this address bounced (hotro.mail intake); cleared by an agent or a later success.
    email_failing_since = models.DateTimeField(_("email failing since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [
            models.Index(fields=["email"], name="contact_email_idx"),  # every mail's sender look-up
            models.Index(fields=["phone"], name="contact_phone_idx"),  # SMS threading by number
        ]
        constraints = [
            models.UniqueConstraint(fields=["email"], condition=~models.Q(email=""), name="contact_email_unique")
        ]

    def __str__(self) -> str:
        address = self.email or self.phone
        return f"{self.name} <{address}>" if self.name and address else self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.email or self.phone or str(_("Visitor"))


class IdentityKind(models.TextChoices):
    EMAIL = "email", _("Email address")
    PHONE = "phone", _("Phone number")
    CHAT = "chat", _("Chat visitor")


class ContactIdentity(models.Model):
    """One way to recognise a customer: an address (lower-cased), a number (E.164) or a chat visitor id."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="identities")
    kind = models.CharField(_("kind"), max_length=8, choices=IdentityKind.choices)
    value = models.CharField(_("value"), max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("customer identity")
        verbose_name_plural = _("customer identities")
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="identity_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


class Agent(models.Model):
    """Staff profile of a user: what they may see (departments) and do (role)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.AGENT)
    departments: models.ManyToManyField[Department, Membership] = models.ManyToManyField(
        "desk.Department", through="Membership", related_name="agents", verbose_name=_("departments")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agent")
        verbose_name_plural = _("agents")

    def __str__(self) -> str:
        return self.user.display_name

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN or self.user.is_superuser


class Membership(models.Model):
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE)
    department = models.ForeignKey("desk.Department", on_delete=models.CASCADE)
    is_supervisor = models.BooleanField(_("supervises this department"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agent", "department"], name="membership_unique")]
        verbose_name = _("department membership")
        verbose_name_plural = _("department memberships")

    def __str__(self) -> str:
        return f"{self.agent} @ {self.department}"


class RecoveryCode(models.Model):
    """One of a staff member's one-time recovery codes, for when the authenticator is lost.

    Only a SHA-256 digest is kept: the codes are random (50 bits), shown once at enrolment,
    and a stolen database must not hand them out.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [models.UniqueConstraint(fields=["user", "digest"], name="recovery_code_unique")]

    def __str__(self) -> str:
        return f"recovery code #{self.pk} of user #{self.user_id}"


class SignInEventKind(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    FAILED = "failed", _("Wrong password")
    LOCKED_OUT = "locked_out", _("Locked out")
    TWO_FACTOR_ENROLLED = "2fa_enrolled", _("Second factor set up")
    TWO_FACTOR_USED = "2fa_used", _("Authenticator code accepted")
    TWO_FACTOR_FAILED = "2fa_failed", _("Wrong second-factor code")
    TWO_FACTOR_RESET = "2fa_reset", _("Second factor reset")
    RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset by email")
    SIGNED_OUT = "signed_out", _("Signed out")
    IDLE_EXPIRED = "idle_expired", _("Session ended after idle time")


class SignInEvent(models.Model):
    """One line of the sign-in audit trail: who (or which address was tried), from where, what happened.

    Kept apart from the tickets' audit (``desk.AuditEvent``): these rows exist before anyone is
    signed in, and many name no account at all (a guessed address).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="sign_in_events"
    )
    username = models.CharField(_("account tried"), max_length=254, blank=True)
    event = models.CharField(_("event"), max_length=24, choices=SignInEventKind.choices)
    ip_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    # Who acted, when it was not the account itself (the administrator who reset its second factor).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"], name="signin_user_idx")]

    def __str__(self) -> str:
        return f"{self.event} {self.username} {self.created_at:%Y-%m-%d %H:%M}"
