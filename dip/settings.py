"""Settings for DIP case management: one module, every deploy-varying value from the environment.

Secure by default: DEBUG is off and there is no secret key outside development and tests.
"""

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules
DEBUG = envbool("DJANGO_DEBUG")
# `manage.py makemigrations` reads only the code: a bare checkout may run it without deploy secrets.
CODE_ONLY = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] == ["makemigrations"]

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING or CODE_ONLY):
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (at least 50 random characters).")
    # Random per process where no key is needed for real, fixed only for development and tests.
    SECRET_KEY = secrets.token_urlsafe(50) if CODE_ONLY else "insecure-development-key-" + "x" * 40

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # index operator classes (clients' search keys); needs no extension
    "crispy_forms",
    "crispy_forms_gds",
    "pgtrigger",
    "pghistory",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "dip",
    "clients",
    "testing",
    "assessments",
    "referrals",
    "throughcare",
    "supervision",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dip.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "dip.audit_middleware.AccessLogMiddleware",
    "dip.middleware.SessionLimitsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "dip.middleware.TwoFactorRequiredMiddleware",
    "dip.middleware.NoStoreMiddleware",
    "dip.audit_middleware.ReasonRequiredMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dip.urls"
WSGI_APPLICATION = "dip.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],  # project overrides win over app (crispy-forms-gds) templates
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dip.context_processors.navigation",
                "dip.context_processors.can",
            ],
            "builtins": ["dip.templatetags.govuk_dates"],  # the one date format (dip/dates.py), in every template
        },
    },
]

if CODE_ONLY:
    os.environ.setdefault("DATABASE_URL", "postgres://localhost/dip")  # only for its history check, which may warn
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "Set DATABASE_URL, or run through `make run` / `make test` (which start an embedded PostgreSQL)."
    )
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)}
# No JIT: at national scale it spent 49 ms compiling a 270 ms client search (issue 11, EXPLAIN ANALYZE); page
# queries are short, and the national report's aggregates are index-bounded.
_db_options = DATABASES["default"].setdefault("OPTIONS", {})
_db_options["options"] = f"{_db_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The database role the application acts as: read and append only on the audit and consent tables
# (dip/db_roles.py). Migrations run as the login role (the owner). Empty: no switch.
DIP_DB_APP_ROLE = os.environ.get("DIP_DB_APP_ROLE", "dip_app")

AUTH_USER_MODEL = "dip.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked account is refused before any password hash
    "dip.lockout.AddressLockoutBackend",  # then an address where many accounts failed, still before hashing
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "dip.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
]
LOGIN_URL = "dip:login"
LOGIN_REDIRECT_URL = "dip:home"
LOGOUT_REDIRECT_URL = "dip:login"

# Lockout (ASVS 2.2.1): 10 failures per account in 15 minutes locks that account for 15 minutes, from any
# address. An address is locked only when 20 different accounts failed from it (dip/lockout.py): staff
# behind one custody suite's NAT are not locked out by a colleague's typos.
AXES_FAILURE_LIMIT = int(os.environ.get("DIP_LOCKOUT_FAILURES", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # attempts while locked neither extend nor count
DIP_LOCKOUT_ADDRESS_ACCOUNTS = int(os.environ.get("DIP_LOCKOUT_ADDRESS_ACCOUNTS", "20"))
# axes.W006 asks for an address lockout inside axes; dip/lockout.py locks an address by the number of
# accounts failing from it instead (a whole custody suite shares one address), tested in test_lockout.py.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "dip/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DIP_PROXY_COUNT", "0")) or None

# Two-factor authentication for every user; DIP_DEMO_SKIP_2FA lets only demo-flagged users skip it.
OTP_TOTP_ISSUER = "DIP case management"
DIP_DEMO_SKIP_2FA = envbool("DIP_DEMO_SKIP_2FA")

# Sessions: 30-minute idle and 12-hour absolute limits (ASVS 3.3.2, level 2).
SESSION_IDLE_SECONDS = 30 * 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_COOKIES = envbool("DJANGO_SECURE_COOKIES", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
if SECURE_COOKIES:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if (DEBUG or TESTING) else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("DJANGO_BEHIND_PROXY") else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REDIRECT_EXEMPT = [r"^health$"]
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
PRIVATE_ROOT = Path(os.environ.get("DIP_PRIVATE_ROOT", BASE_DIR / "var" / "private"))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Not Redis: pages keep working while the broker is down (reliability JOB-3a).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

PGHISTORY_APPEND_ONLY = True

REDIS_URL = os.environ.get("REDIS_URL", "")  # redis://host:port/db, or unix:///path/redis.sock (embedded)
CELERY_BROKER_URL = os.environ.get(
    "CELERY_BROKER_URL", REDIS_URL.replace("unix://", "redis+socket://", 1) if REDIS_URL else "memory://"
)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 6 * 3600}
CELERY_TASK_SOFT_TIME_LIMIT = 45 * 60
CELERY_TASK_TIME_LIMIT = 50 * 60
CELERY_TIMEZONE = TIME_ZONE
# Chords (a national report assembled from per-area tasks) need a result backend; the run rows in
# PostgreSQL stay the source of truth, so a lost result only delays a run until the sweep.
CELERY_RESULT_BACKEND = CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "cache+memory://"
CELERY_RESULT_EXPIRES = 24 * 3600
# Every scheduled job, in this one place.
CELERY_BEAT_SCHEDULE = {
    # Every minute - https://crontab.guru/#*_*_*_*_* ; read by /health to tell whether a worker lives.
    "worker-heartbeat": {"task": "dip.tasks.heartbeat", "schedule": crontab()},
    # 06:00 Europe/London on the 1st - https://crontab.guru/#0_6_1_*_* ; last month's published report for
    # every area and for ALL (reports.services.monthly_runs_request).
    "reports-monthly": {"task": "reports.tasks.monthly_reports", "schedule": crontab(minute=0, hour=6, day_of_month=1)},
    # Every 5 minutes: queue again report runs a killed worker or a lost message left unfinished.
    "reports-sweep": {"task": "reports.tasks.sweep_stuck_runs", "schedule": crontab(minute="*/5")},
}

# E-mail: links to ready reports for subscribers. The console in development; SMTP from the environment.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if (DEBUG or TESTING) else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "dip-reports@localhost")
# The address in e-mailed links (no request to take it from in a Celery task).
DIP_BASE_URL = os.environ.get("DIP_BASE_URL", "http://localhost:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "dip.middleware.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DIP_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
    # django.server logs request lines; search is POST so no names or dates of birth reach it.
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
