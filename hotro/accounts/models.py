"""People: sign-in accounts, customer contacts and agents.

A *contact* is a customer known by email address (P1: the address is
mandatory). A contact may have a sign-in account (``user``) or be a guest who
follows tickets through signed links. An *agent* is a staff account with a
role and membership in one or more departments.
"""

from __future__ import annotations

import zoneinfo
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from hotro.desk.models import Department

LANGUAGE_CHOICES = [("vi", "Tiếng Việt"), ("en", "English")]
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


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
