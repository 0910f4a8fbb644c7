"""Cuida settings: one file, driven by environment variables (django-environ).

Development defaults are safe and need nothing installed (SQLite, in-process tasks).
``DJANGO_ENV=production`` switches on the secure block and requires real secrets.
Bad values fail loudly at start-up rather than half-working later.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config import api, beat, log, mail, push, security

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}."
    )
IS_PRODUCTION = DJANGO_ENV == "production"

# --- Core -------------------------------------------------------------------------------

# Where `make run` serves (scripts/run.sh reads the same variables): sign-in hints and, when
# CUIDA_BASE_URL is not set, addresses built outside a request (core.addresses). Production
# reads neither: its address is CUIDA_BASE_URL, and PORT may mean something else to its host.
DEVELOPMENT_SERVER_HOST = "127.0.0.1" if IS_PRODUCTION else env.str("HOST", default="127.0.0.1")
DEVELOPMENT_SERVER_PORT = 8000 if IS_PRODUCTION else env.int("PORT", default=8000)

if IS_PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
    DEBUG = False
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="development-only-secret-key-never-use-in-production-0123456789"
    )
    # Off by default even here: `make run` is how people first meet Cuida, and they should
    # see its own error pages, not Django's technical ones listing every URL. Developers who
    # want tracebacks in the browser opt in with DEBUG=True (the console logs them anyway).
    DEBUG = env.bool("DEBUG", default=False)
    # A HOST given to `make run` (a LAN address, to try Cuida on a phone) is served too.
    _local_hosts = {"127.0.0.1", "localhost", "testserver", DEVELOPMENT_SERVER_HOST}
    ALLOWED_HOSTS = env.list(
        "ALLOWED_HOSTS",
        default=sorted(_local_hosts - {"0.0.0.0", "::", ""}),  # noqa: S104
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "django_celery_beat",
    "anymail",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "core",
    "people",
    "wellbeing",
    "recognition",
    "performance",
    # After performance: seed_demo runs the demo seeders in this order, and the careers
    # demo reads the demo performance events.
    "careers",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "people.middleware.UserLanguageMiddleware",
    "people.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.current_page",
                "people.context_processors.roles",
                "notifications.context_processors.unread_notifications",
                "recognition.context_processors.pending_approvals",
                "performance.context_processors.unread_feedback",
                "careers.context_processors.pending_promotions",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The dev server and the beat process write at the same time: WAL plus an immediate
    # transaction mode turn "database is locked" errors into short waits.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # While Redis is unreachable this backend serves each process from its own
            # memory instead of raising, so throttles and login limits never turn a
            # request into a 500 (design invariant 9; the trade-off is in core/cache.py).
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cuida",
            "OPTIONS": {
                # Redis answers in milliseconds: anything slower is an outage, and a
                # request must not wait redis-py's default 5 s per call to learn it.
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Users and accounts -----------------------------------------------------------------

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "people.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "people.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Subjects name Cuida themselves (templates/account/email/), in the recipient's language.
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# allauth's defaults already limit failed logins per IP and per account; they are stated
# here so the numbers are visible and tunable. The Django admin login goes through allauth
# too (config/urls.py), so it shares these limits.
ACCOUNT_RATE_LIMITS = {
    "login": env.str("RATE_LIMIT_LOGIN", default="30/m/ip"),
    "login_failed": env.str("RATE_LIMIT_LOGIN_FAILED", default="10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cuida"

# Single sign-on stays off until its variables are set (conventions: one env block per
# optional integration).
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_PROVIDERS: dict = {"openid_connect": {"APPS": []}}
if OIDC_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        {
            "provider_id": env.str("OIDC_PROVIDER_ID", default="sso"),
            "name": env.str("OIDC_PROVIDER_NAME", default="SSO"),
            "client_id": OIDC_CLIENT_ID,
            "secret": env.str("OIDC_CLIENT_SECRET"),
            "settings": {"server_url": env.str("OIDC_SERVER_URL")},
        }
    )

# E-mail: the console, SMTP (EMAIL_URL) or a provider through anymail (config/mail.py).
ANYMAIL_PROVIDER = mail.email_provider(env)
vars().update(mail.mail_settings(env, provider=ANYMAIL_PROVIDER))

# --- Internationalisation ---------------------------------------------------------------

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="es")
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="America/Mexico_City")
USE_I18N = True
USE_TZ = True
# One date and number format per language (config/formats/<lang>/formats.py), applied to
# what people read; machine-read numbers (SVG, CSS, data-*) are never localised. No thousand
# separator: an id or a count in an attribute must stay plain, and Spanish writes 4-digit
# numbers without one (docs/decisions.md).
FORMAT_MODULE_PATH = ["config.formats"]
USE_THOUSAND_SEPARATOR = False

# --- Static and media -------------------------------------------------------------------

STATIC_URL = "static/"
# Development serves straight from static/ through WhiteNoise's finders; production serves
# the collected, hashed copies in STATIC_ROOT (`collectstatic`).
STATIC_ROOT = BASE_DIR / "staticfiles" if IS_PRODUCTION else None
# WhiteNoise would look in the finders (and re-read changed files) only with DEBUG on; in
# development it does so whatever DEBUG says, since runserver no longer serves static files
# (whitenoise.runserver_nostatic) and DEBUG is off by default.
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
WHITENOISE_AUTOREFRESH = not IS_PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- API --------------------------------------------------------------------------------

REST_FRAMEWORK = api.rest_framework(
    throttle_rates={
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "user": env.str("API_THROTTLE_USER", default="600/min"),
        "events": env.str("API_THROTTLE_EVENTS", default="120/min"),
    }
)
SPECTACULAR_SETTINGS = api.SPECTACULAR_SETTINGS

# --- Background jobs --------------------------------------------------------------------

# The broker is Redis unless an operator names another (RabbitMQ: amqp://...). Without
# either, tasks run in-process right after the transaction commits (``delay_on_commit``),
# so `make run` works on a bare machine.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://"
CELERY_TASK_EAGER_PROPAGATES = env.bool("CELERY_TASK_EAGER_PROPAGATES", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that enqueues work after its commit must not hang on a broker that is down or
# hung (design invariant 9): the write is stored, and what was not enqueued is picked up
# later (the events sweeper). So connecting, the AMQP handshake and each Redis command
# give up after seconds, and a failed publish is retried once, not three times.
CELERY_BROKER_CONNECTION_TIMEOUT = 1.0
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Redis delivers at least once: a task whose worker dies is delivered again, so every task
# is idempotent and acknowledged only after it ran (shared/design.md, reliability notes).
# One queue name per deployment; the integration tests give their worker a private queue
# so a developer's running `make run` worker never steals their tasks.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="cuida")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    # Redis transport only (the AMQP one ignores them). kombu's default is to wait forever
    # on a Redis that accepts connections and never answers; the worker's BRPOP polls
    # every second, so two seconds still leaves it room.
    "socket_connect_timeout": 1.0,
    "socket_timeout": 2.0,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = beat.CELERY_BEAT_SCHEDULE

# --- Product settings -------------------------------------------------------------------
CUIDA_ORGANIZATION_NAME = env.str("CUIDA_ORGANIZATION_NAME", default="Cuida Demo Contact Center")


# Stable public address of this deployment: Open Badges documents must keep their URLs, so
# production never builds them from a request. It is CUIDA_BASE_URL, or else https:// and the
# first of ALLOWED_HOSTS when that names one host (a wildcard names none: then it must be set).
# In development it may stay empty: addresses are then built from the host and port each
# request came to (core.addresses.public_url), whatever PORT `make run` used.
def _production_base_url() -> str:
    first_host = ALLOWED_HOSTS[0] if ALLOWED_HOSTS else ""
    if first_host in {"", "*"} or first_host.startswith("."):
        return env.str("CUIDA_BASE_URL")  # required: nothing else names this deployment
    return env.str("CUIDA_BASE_URL", default=f"https://{first_host}")


CUIDA_BASE_URL = (
    _production_base_url() if IS_PRODUCTION else env.str("CUIDA_BASE_URL", default="")
).rstrip("/")
if (IS_PRODUCTION or CUIDA_BASE_URL) and not CUIDA_BASE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"CUIDA_BASE_URL must start with https:// or http://, not {CUIDA_BASE_URL!r}."
    )
CUIDA_ORGANIZATION_URL = env.str("CUIDA_ORGANIZATION_URL", default=CUIDA_BASE_URL)
CUIDA_ORGANIZATION_EMAIL = env.str("CUIDA_ORGANIZATION_EMAIL", default="recognition@example.org")
# Points each person may give away in kudos per month (resets on the 1st, TIME_ZONE).
KUDOS_MONTHLY_ALLOWANCE = env.int("KUDOS_MONTHLY_ALLOWANCE", default=100)
# Performance events: batch size, body size, processing chunks, sweeper grace, retries.
EVENTS_MAX_BATCH = env.int("EVENTS_MAX_BATCH", default=1000)
EVENTS_MAX_BODY_BYTES = env.int("EVENTS_MAX_BODY_BYTES", default=2 * 1024 * 1024)
EVENTS_PROCESS_CHUNK = env.int("EVENTS_PROCESS_CHUNK", default=200)
EVENTS_SWEEP_GRACE_SECONDS = env.int("EVENTS_SWEEP_GRACE_SECONDS", default=120)
EVENTS_MAX_ATTEMPTS = env.int("EVENTS_MAX_ATTEMPTS", default=3)
CUIDA_DEMO_PASSWORD = env.str("CUIDA_DEMO_PASSWORD", default="cuida-demo-2026")

# Wellbeing aggregates are shown only for windows where at least this many distinct people
# checked in; below 3 the "anonymous" trend would identify individuals, so it is refused.
WELLBEING_MIN_GROUP_SIZE = env.int("WELLBEING_MIN_GROUP_SIZE", default=5)
if WELLBEING_MIN_GROUP_SIZE < 3:
    raise ImproperlyConfigured("WELLBEING_MIN_GROUP_SIZE cannot be below 3.")
# A reminder goes out from the start of someone's shift until this many minutes later.
WELLBEING_REMINDER_WINDOW_MINUTES = env.int("WELLBEING_REMINDER_WINDOW_MINUTES", default=180)
# Care nudge: at least LOW_COUNT of the last LOOKBACK check-ins with mood <= LOW_MOOD.
WELLBEING_NUDGE_LOOKBACK = env.int("WELLBEING_NUDGE_LOOKBACK", default=5)
WELLBEING_NUDGE_LOW_COUNT = env.int("WELLBEING_NUDGE_LOW_COUNT", default=3)
WELLBEING_NUDGE_LOW_MOOD = env.int("WELLBEING_NUDGE_LOW_MOOD", default=2)

# --- Content-Security-Policy (on everywhere; what and why: config/security.py) -----------
CONTENT_SECURITY_POLICY = security.CONTENT_SECURITY_POLICY
# Fernet key for secrets kept at rest (notifications/crypto.py); unset: derived from SECRET_KEY.
CUIDA_ENCRYPTION_KEY = env.str("CUIDA_ENCRYPTION_KEY", default="")
WEBPUSH_VAPID_PUBLIC_KEY, WEBPUSH_VAPID_PRIVATE_KEY, WEBPUSH_CONTACT = push.vapid_settings(env)

# --- Production hardening ---------------------------------------------------------------

if IS_PRODUCTION:
    # TLS ends at the proxy in front of gunicorn; it tells us the scheme by this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = log.logging_config(level=env.str("LOG_LEVEL", default="INFO"))
