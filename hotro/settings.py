"""Settings for Hotro, all from the environment (see ``hotro/env.py``).

Defaults are the embedded set-up: SQLite in ``data/``, the database task
backend, no Redis. Production sets ``DATABASE_URL``, ``SECRET_KEY``,
``ALLOWED_HOSTS`` and the mail variables.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from hotro.env import EnvError, env_bool, env_int, env_list, env_str, persistent_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("HOTRO_DATA_DIR", str(BASE_DIR / "data")))

DEBUG = env_bool("DEBUG", False)

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL and not DATABASE_URL.startswith(("postgres://", "postgresql://", "sqlite://")):
    raise EnvError("DATABASE_URL: expected postgres://… or sqlite://…")
_embedded = not DATABASE_URL or DATABASE_URL.startswith("sqlite://")

SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or _embedded:
        SECRET_KEY = persistent_secret_key(DATA_DIR)
    else:
        raise EnvError("SECRET_KEY: required when DEBUG is off and the database is PostgreSQL")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",  # staff second factor (hotro.accounts.two_factor)
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "anymail",
    "ninja",  # serves the API docs page's Swagger UI from static files, not a CDN
    "hotro.core",
    "hotro.accounts",
    "hotro.presence",
    "hotro.desk",
    "hotro.notify",
    "hotro.mail",
    "hotro.phone",
    "hotro.chat",
    "hotro.hours",
    "hotro.sla",
    "hotro.catalog",
    "hotro.live",
    "hotro.alerts",
    "hotro.vault",
    "hotro.replies",
    "hotro.routing",
    "hotro.satisfaction",
    "hotro.reports",  # after satisfaction: its receivers listen to the ratings too
    "hotro.portal",
    "hotro.console",
    "hotro.workspace",
    "hotro.api",
    "hotro.ops",
]

MIDDLEWARE = [
    # First: request id, metrics and the request's log line cover the whole stack; answers /healthz, /readyz.
    "hotro.ops.middleware.RequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "hotro.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hotro.accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hotro.accounts.idle.StaffIdleTimeoutMiddleware",  # after auth and messages: signs idle staff out, says why
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # answers a sign-in attempt that django-axes refused (hotro.accounts.lockout)
]

ROOT_URLCONF = "hotro.urls"
WSGI_APPLICATION = "hotro.wsgi.application"
ASGI_APPLICATION = "hotro.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hotro" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hotro.core.context_processors.site",
            ],
        },
    }
]

if _embedded:
    _sqlite_path = DATABASE_URL.removeprefix("sqlite:///") if DATABASE_URL else ""
    DATABASES: dict[str, dj_database_url.DBConfig] = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _sqlite_path or str(DATA_DIR / "hotro.sqlite3"),
            # Writers wait for each other instead of failing with "database is locked";
            # IMMEDIATE makes a transaction take the write lock at its start.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
else:
    # Under ASGI every request runs in its own thread, and a persistent connection per thread
    # piles up (the benchmark saw 83 from two workers in 4 s). So each process keeps a small pool
    # (psycopg_pool) that request threads borrow from and return to: no connect per request, and
    # at most DATABASE_POOL_MAX_SIZE connections per process. DATABASE_POOL_MAX_SIZE=0 turns the
    # pool off (behind PgBouncer in transaction mode, say): then a connection per request, kept
    # for CONN_MAX_AGE seconds.
    _pool_max = env_int("DATABASE_POOL_MAX_SIZE", 8)
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=0 if _pool_max else env_int("CONN_MAX_AGE", 0), conn_health_checks=not _pool_max
        )
    }
    if _pool_max:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(env_int("DATABASE_POOL_MIN_SIZE", 2), _pool_max),
            "max_size": _pool_max,
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "hotro.accounts.backends.AccountBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute-force protection (django-axes, attempts in the database so every process counts them): ten wrong
# passwords for one account, or from one address, lock it out of every sign-in form for the cool-off time.
AXES_FAILURE_LIMIT = env_int("HOTRO_SIGNIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("HOTRO_SIGNIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "hotro.accounts.lockout.username"
AXES_LOCKOUT_CALLABLE = "hotro.accounts.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Staff two-factor sign-in (hotro.accounts.two_factor): the roles that must set up an authenticator
# (admin, supervisor, agent; "none" for none), and how long a staff session may stay idle (0: no limit).
HOTRO_2FA_REQUIRED_ROLES = [r for r in env_list("HOTRO_2FA_REQUIRED_ROLES", ["admin", "supervisor"]) if r != "none"]
if set(HOTRO_2FA_REQUIRED_ROLES) - {"admin", "supervisor", "agent"}:
    raise EnvError("HOTRO_2FA_REQUIRED_ROLES: a comma-separated list of admin, supervisor, agent (or none)")
HOTRO_STAFF_IDLE_MINUTES = env_int("HOTRO_STAFF_IDLE_MINUTES", 60)
OTP_TOTP_THROTTLE_FACTOR = 0  # wrong codes are counted by django-axes with wrong passwords instead
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "hotro" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["hotro.formats"]
LANGUAGE_COOKIE_NAME = "hotro_language"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "hotro" / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media-not-served/"  # attachments are served only through access-checked views
STORAGES = {
    "default": {"BACKEND": env_str("HOTRO_FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

# Mail. The outbox (hotro.mail) hands messages to this backend.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 1025)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 15)
EMAIL_FILE_PATH = DATA_DIR / "sent-mail"  # used by make run's file backend
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cloudmini Support <support@cloudmini.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: django-tasks with the database backend (embedded default).
TASKS = {
    "default": {
        "BACKEND": env_str("HOTRO_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Redis, when there is one, is the cache every process shares (and what makes the cache safe to
# keep sessions in: a sign-out in one process is seen by all); otherwise each process has its own.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions are read from Redis on every request and written through to the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Live chat's channel layer (hotro.chat.realtime): Redis when there is one, so several server
# processes (and machines) serve one desk; otherwise in memory, which serves one process (make run).
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 gives up reading after 5 s, exactly as long as the layer's blocking pop waits for a
                # frame: under load a socket's receive loop then dies with "Timeout reading" (seen in CI).
                "hosts": [{"address": REDIS_URL, "socket_timeout": 30}],
                "prefix": env_str("HOTRO_CHANNEL_PREFIX", "hotro"),
                "capacity": 1000,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 1000}}}
# A socket's queue holds this many frames before the layer drops new ones (silently): an agent following
# a busy department must not lose any (the default of 100 lost relays in the chat benchmark).

SESSION_COOKIE_HTTPONLY = True
# Whenever DEBUG is off the desk is served over HTTPS (directly or behind a TLS proxy): cookies are
# HTTPS-only unless said otherwise (SESSION_COOKIE_SECURE=false for a desk on plain HTTP, which should
# not exist), and behind the proxy plain HTTP is redirected and browsers are told to stay on HTTPS (HSTS).
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_behind_tls = env_bool("BEHIND_TLS_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _behind_tls else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _behind_tls and not DEBUG)
SECURE_HSTS_SECONDS = env_int("HOTRO_HSTS_SECONDS", 365 * 24 * 3600 if _behind_tls and not DEBUG else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HOTRO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HOTRO_HSTS_PRELOAD", False)
# Asking browsers to preload HSTS is the operator's decision for the whole domain (HOTRO_HSTS_PRELOAD).
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Every HTML page (hotro.core.security): scripts only from the desk's own files, no inline script anywhere.
HOTRO_CONTENT_SECURITY_POLICY = env_str(
    "HOTRO_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Hotro's own settings.
HOTRO_PROVIDER_NAME = env_str("HOTRO_PROVIDER_NAME", "Cloudmini")
OTP_TOTP_ISSUER = HOTRO_PROVIDER_NAME  # the name authenticator apps show beside the account
HOTRO_TICKET_PREFIX = env_str("HOTRO_TICKET_PREFIX", "CM")
HOTRO_MAIL_DOMAIN = env_str("HOTRO_MAIL_DOMAIN", "cloudmini.example")
HOTRO_HOTLINE = env_str("HOTRO_HOTLINE", "+84 969 297 579")
HOTRO_ATTACHMENT_MAX_BYTES = env_int("HOTRO_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
HOTRO_ATTACHMENT_MAX_COUNT = env_int("HOTRO_ATTACHMENT_MAX_COUNT", 10)
HOTRO_ATTACHMENT_FORBIDDEN_EXTENSIONS = env_list(
    "HOTRO_ATTACHMENT_FORBIDDEN_EXTENSIONS",
    # Executables, scripts, shortcuts, disk images and macro-enabled Office files (hotro.desk.services.content).
    # Names are normalised before the check: "EVIL.exe. " counts as "evil.exe".
    [
        *("exe", "bat", "cmd", "com", "scr", "pif", "msi", "vbs", "js", "jse", "ps1", "jar", "cpl", "hta"),
        *("lnk", "iso", "img", "vbe", "wsf", "wsh", "docm", "xlsm", "pptm", "reg", "msix", "msixbundle"),
        *("appx", "appxbundle", "mjs", "scf", "url", "application", "gadget", "msp", "mst", "ps1xml"),
        *("psc1", "psd1", "psm1", "vhd", "vhdx"),
    ],
)
# What one customer may upload through the portal in 24 hours, all tickets together.
HOTRO_ATTACHMENT_DAILY_BYTES_PER_CUSTOMER = env_int("HOTRO_ATTACHMENT_DAILY_BYTES_PER_CUSTOMER", 200 * 1024 * 1024)
# The priorities a customer may choose on the portal (slugs); a wish above them is noted for triage (P2).
HOTRO_CUSTOMER_PRIORITIES = env_list("HOTRO_CUSTOMER_PRIORITIES", ["low", "normal", "high"])
if not HOTRO_CUSTOMER_PRIORITIES or set(HOTRO_CUSTOMER_PRIORITIES) - {"urgent", "high", "normal", "low"}:
    raise EnvError("HOTRO_CUSTOMER_PRIORITIES: a comma-separated list of urgent, high, normal, low")
HOTRO_REOPEN_CLOSED_DAYS = env_int("HOTRO_REOPEN_CLOSED_DAYS", 14)
HOTRO_GUEST_LINK_DAYS = env_int("HOTRO_GUEST_LINK_DAYS", 180)  # how long an emailed guest link opens its ticket
# Credential vault (hotro.vault): Fernet keys, comma-separated, the first encrypts and all decrypt (rotation);
# without one only DEBUG works (a key derived from SECRET_KEY). Secrets go this many days after their ticket closes.
HOTRO_VAULT_KEYS = env_list("HOTRO_VAULT_KEYS", [])
HOTRO_VAULT_KEEP_DAYS = env_int("HOTRO_VAULT_KEEP_DAYS", 7)
HOTRO_CSAT_CHANGE_DAYS = env_int("HOTRO_CSAT_CHANGE_DAYS", 7)  # a satisfaction answer can be changed this long
HOTRO_OUTBOX_MAX_ATTEMPTS = env_int("HOTRO_OUTBOX_MAX_ATTEMPTS", 12)  # refusals (5xx) before a mail is failed
HOTRO_OUTBOX_GIVE_UP_HOURS = env_int("HOTRO_OUTBOX_GIVE_UP_HOURS", 7 * 24)  # how long an outage is waited out
# Who renders and delivers each channel's outbound messages (hotro.core.outbound.senders).
HOTRO_OUTBOUND_SENDERS = {
    "email": "hotro.mail.sender.EmailSender",
    "sms": env_str("HOTRO_SMS_SENDER", "hotro.core.outbound.senders.ConsoleSmsSender"),
}
# REST API and outgoing webhooks (hotro.api, docs/api.md).
HOTRO_OUTBOUND_SENDERS["webhook"] = "hotro.api.webhooks.sender.WebhookSender"
HOTRO_API_RATE_LIMIT = env_int("HOTRO_API_RATE_LIMIT", 120)  # requests per token per minute
HOTRO_WEBHOOK_TIMEOUT = env_int("HOTRO_WEBHOOK_TIMEOUT", 10)  # seconds per delivery attempt
HOTRO_WEBHOOK_DISABLE_AFTER = env_int("HOTRO_WEBHOOK_DISABLE_AFTER", 20)  # consecutive failures, then disabled
# SMS (hotro.phone): gateways call back at HOTRO_PUBLIC_URL (what Twilio signs); SMS go out from the hotline.
HOTRO_PUBLIC_URL = env_str("HOTRO_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
HOTRO_SMS_FROM = env_str("HOTRO_SMS_FROM", "+84969297579")
HOTRO_SMS_DEPARTMENT = env_str("HOTRO_SMS_DEPARTMENT", "sales")  # who owns the hotline's SMS (P7)
HOTRO_SMS_DEPARTMENTS: dict[str, str] = {}  # other numbers written to (E.164 as the gateway sends it) → department slug
HOTRO_SMS_THREAD_DAYS = env_int("HOTRO_SMS_THREAD_DAYS", 7)  # an SMS joins the sender's open SMS ticket this recent
HOTRO_SMS_TIMEOUT = env_int("HOTRO_SMS_TIMEOUT", 15)
HOTRO_SMS_SEGMENT_WARNING = env_int("HOTRO_SMS_SEGMENT_WARNING", 3)  # the reply box warns above this many SMS
HOTRO_TWILIO_ACCOUNT_SID = env_str("HOTRO_TWILIO_ACCOUNT_SID", "")
HOTRO_TWILIO_AUTH_TOKEN = env_str("HOTRO_TWILIO_AUTH_TOKEN", "")
HOTRO_TWILIO_API_BASE = env_str("HOTRO_TWILIO_API_BASE", "https://api.twilio.com")
HOTRO_SMS_HMAC_SECRET = env_str("HOTRO_SMS_HMAC_SECRET", "")
HOTRO_CALL_HMAC_SECRET = env_str("HOTRO_CALL_HMAC_SECRET", "")  # the PBX's call events (/hooks/calls/)
# Signed inbound webhooks (Mailgun, X-Hotro-Signature): a request timestamped further than this from now is refused.
HOTRO_WEBHOOK_MAX_AGE_SECONDS = env_int("HOTRO_WEBHOOK_MAX_AGE_SECONDS", 300)
# Accept a body-only X-Hotro-Signature (no X-Hotro-Timestamp): the documented shape local gateways sign with.
# A replay of one stores nothing (the gateway's message or event id is de-duplicated); false requires timestamps.
HOTRO_WEBHOOK_LEGACY_SIGNATURES = env_bool("HOTRO_WEBHOOK_LEGACY_SIGNATURES", True)
HOTRO_SMS_GENERIC_URL = env_str("HOTRO_SMS_GENERIC_URL", "")
HOTRO_SMS_GENERIC_FIELDS = {
    "id": env_str("HOTRO_SMS_GENERIC_FIELD_ID", "id"),
    "from": env_str("HOTRO_SMS_GENERIC_FIELD_FROM", "from"),
    "to": env_str("HOTRO_SMS_GENERIC_FIELD_TO", "to"),
    "text": env_str("HOTRO_SMS_GENERIC_FIELD_TEXT", "text"),
    "status": env_str("HOTRO_SMS_GENERIC_FIELD_STATUS", "status"),
}
HOTRO_MESSAGE_MAX_CHARS = env_int("HOTRO_MESSAGE_MAX_CHARS", 50_000)
# Requests one web process works on at once (hotro.core.asgi_http); the rest wait their turn.
HOTRO_WEB_THREADS = env_int("HOTRO_WEB_THREADS", 4)

# Inbound mail (hotro.mail.intake, hotro.mail.imap, hotro.mail.webhooks).
HOTRO_MAIL_DEFAULT_DEPARTMENT = env_str("HOTRO_MAIL_DEFAULT_DEPARTMENT", "technical")
# A stranger writing to an existing ticket: False opens a new ticket for them, True adds them as a CC.
HOTRO_MAIL_UNKNOWN_SENDER_AS_CC = env_bool("HOTRO_MAIL_UNKNOWN_SENDER_AS_CC", False)
# Acknowledgement guard (hotro.notify.loops): at most this many acknowledgements per recipient address per hour,
# whatever the channel (mail loops, and strangers making the desk mail a victim through the portal form).
HOTRO_MAIL_ACK_LIMIT_PER_HOUR = env_int("HOTRO_MAIL_ACK_LIMIT_PER_HOUR", 5)
HOTRO_MAIL_POLL_SECONDS = env_int("HOTRO_MAIL_POLL_SECONDS", 60)
HOTRO_MAIL_POLL_MAX_BACKOFF_SECONDS = env_int("HOTRO_MAIL_POLL_MAX_BACKOFF_SECONDS", 30 * 60)
HOTRO_MAIL_IMAP_TIMEOUT = env_int("HOTRO_MAIL_IMAP_TIMEOUT", 30)
HOTRO_MAIL_ALERT_AFTER_MINUTES = env_int("HOTRO_MAIL_ALERT_AFTER_MINUTES", 15)
# OAuth2 mailboxes: warn this many days before a refresh token's known expiry (someone must sign in again).
HOTRO_MAIL_TOKEN_ALERT_DAYS = env_int("HOTRO_MAIL_TOKEN_ALERT_DAYS", 7)
# The authserv-ids (RFC 8601) of our own MTA, whose Authentication-Results headers are believed; empty: none.
HOTRO_MAIL_TRUSTED_AUTHSERV_IDS = env_list("HOTRO_MAIL_TRUSTED_AUTHSERV_IDS", [])
# Without a trusted header, Hotro verifies DKIM itself (hotro.mail.inbound.dkimcheck): a requester's reply whose
# aligned signature does not match is held; REQUIRE also holds replies with no valid aligned signature at all.
HOTRO_MAIL_VERIFY_DKIM = env_bool("HOTRO_MAIL_VERIFY_DKIM", True)
HOTRO_MAIL_REQUIRE_DKIM = env_bool("HOTRO_MAIL_REQUIRE_DKIM", False)

# Inbound webhooks (django-anymail): Postmark etc. authenticate with HTTP basic auth
# ("user:password" in ANYMAIL_WEBHOOK_SECRET), Mailgun with its signing key.
ANYMAIL = {
    key: value
    for key, value in {
        "WEBHOOK_SECRET": env_list("ANYMAIL_WEBHOOK_SECRET", []),
        "MAILGUN_WEBHOOK_SIGNING_KEY": env_str("MAILGUN_WEBHOOK_SIGNING_KEY", ""),
    }.items()
    if value
}

# Operations (hotro.ops): /metrics for a bearer token or from allowed addresses/networks; 404 with neither.
HOTRO_METRICS_TOKEN = env_str("HOTRO_METRICS_TOKEN", "")
HOTRO_METRICS_ALLOW = env_list("HOTRO_METRICS_ALLOW", [])
# The billing system upserts customers' services at /hooks/catalog/instances/ with this bearer token; 404 without.
HOTRO_CATALOG_TOKEN = env_str("HOTRO_CATALOG_TOKEN", "")

# One JSON object per line in production (hotro.ops.logs), plain lines under DEBUG; HOTRO_LOG_FORMAT overrides.
LOG_FORMAT = env_str("HOTRO_LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise EnvError("HOTRO_LOG_FORMAT: expected json or plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "hotro.ops.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"},
        "json": {"()": "hotro.ops.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
# Live chat (hotro.chat, docs/chat-protocol.md): topics → departments (P5, P6), limits, assignment.
HOTRO_CHAT_TOPICS = {"presales": "sales", "billing": "sales", "technical": "technical"}
# The websites the default chat widget may open chats from (load_provider_defaults; then admin → Chat widgets).
HOTRO_CHAT_ORIGINS = env_list("HOTRO_CHAT_ORIGINS", [])
HOTRO_CHAT_MESSAGE_CHARS = env_int("HOTRO_CHAT_MESSAGE_CHARS", 2000)
HOTRO_CHAT_MESSAGES_PER_MINUTE = env_int("HOTRO_CHAT_MESSAGES_PER_MINUTE", 20)
HOTRO_CHAT_OFFLINE_AFTER = env_int("HOTRO_CHAT_OFFLINE_AFTER", 180)  # seconds a chat waits before offline is offered
HOTRO_CHAT_AUTO_ASSIGN = env_bool("HOTRO_CHAT_AUTO_ASSIGN", False)  # least load among online agents; else they accept
HOTRO_CHAT_MAX_PER_AGENT = env_int("HOTRO_CHAT_MAX_PER_AGENT", 3)  # concurrent chats an agent is given automatically
