"""Live chat: the widgets a website may embed, conversations, their messages, agents' presence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChatWidget(models.Model):
    """One embedding of the chat on a website: which origins may open chats through it."""

    key = models.SlugField(_("key"), max_length=40, unique=True, help_text=_('The data-widget="…" of the script tag.'))
    name = models.CharField(_("name"), max_length=100)
    allowed_origins = models.TextField(
        _("allowed website origins"),
        blank=True,
        help_text=_("One per line, as a browser sends it: https://www.example.vn (scheme, host and port)."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("chat widget")
        verbose_name_plural = _("chat widgets")

    def __str__(self) -> str:
        return self.name

    @property
    def origins(self) -> set[str]:
        return {line.strip().rstrip("/").lower() for line in self.allowed_origins.splitlines() if line.strip()}


class Topic(models.TextChoices):
    PRESALES = "presales", _("Pre-sales question")
    BILLING = "billing", _("Billing")
    TECHNICAL = "technical", _("Technical problem")


class ChatStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    ACTIVE = "active", _("In progress")
    ENDED = "ended", _("Ended")


class Conversation(models.Model):
    """One chat. The visitor holds its token; the desk keeps only the token's hash."""

    widget = models.ForeignKey(ChatWidget, null=True, blank=True, on_delete=models.SET_NULL)
    token_hash = models.CharField(max_length=64, unique=True)
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    department = models.ForeignKey("desk.Department", on_delete=models.PROTECT, verbose_name=_("department"))
    status = models.CharField(_("status"), max_length=8, choices=ChatStatus.choices, default=ChatStatus.WAITING)
    visitor_name = models.CharField(_("name"), max_length=100)
    visitor_email = models.EmailField(_("email address"), blank=True)
    contact = models.ForeignKey("accounts.Contact", null=True, blank=True, on_delete=models.SET_NULL)
    language = models.CharField(_("language"), max_length=8, default="vi")
    page = models.URLField(_("page"), max_length=500, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("agent")
    )
    ticket = models.ForeignKey("desk.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="chats")
    search_text = models.TextField(blank=True, editable=False)  # folded, accent-free: the search's haystack
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("chat")
        verbose_name_plural = _("chats")
        indexes = [
            models.Index(fields=["department", "status", "created_at"], name="chat_waiting_idx"),
            models.Index(fields=["agent", "status"], name="chat_agent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.visitor_name} ({self.get_topic_display()})"


class Author(models.TextChoices):
    VISITOR = "visitor", _("Visitor")
    AGENT = "agent", _("Agent")
    SYSTEM = "system", _("System")


class ChatMessage(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=8, choices=Author.choices)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    body = models.TextField()
    client_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")
        constraints = [
            # A client that sends again after a reconnect finds the message it sent the first time.
            models.UniqueConstraint(
                fields=["conversation", "client_id"], condition=~models.Q(client_id=""), name="chat_client_id_unique"
            )
        ]

    def __str__(self) -> str:
        return self.body[:40]


class Presence(models.TextChoices):
    ONLINE = "online", _("Online")
    AWAY = "away", _("Away")
    OFFLINE = "offline", _("Offline")


class AgentPresence(models.Model):
    """Whether an agent takes chats now. ``sockets`` counts their open chat consoles (every process)."""

    agent = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_presence")
    status = models.CharField(max_length=8, choices=Presence.choices, default=Presence.OFFLINE)
    sockets = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agent presence")
        verbose_name_plural = _("agent presence")

    def __str__(self) -> str:
        return f"{self.agent}: {self.status}"
