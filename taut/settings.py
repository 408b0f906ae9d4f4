"""Taut's one settings module. Every value comes from an environment variable with a safe default.

README.md lists each variable. Defaults are the safe ones: DEBUG is off, cookies are marked
secure, and a missing TAUT_SECRET_KEY with DEBUG off stops the server from starting.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from taut.lib.env import database_from_url, env_bool, env_int, env_list, env_str

# Lets generic classes such as ModelForm[Patient] be subscripted at run time, as the type hints do.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("TAUT_DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("TAUT_DEBUG", False)

SECRET_KEY = env_str("TAUT_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "TAUT_SECRET_KEY is not set. Set it to a long random value (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), or set "
            "TAUT_DEBUG=true on a development machine."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105

ALLOWED_HOSTS = env_list("TAUT_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("TAUT_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks_db",  # the background worker's queue, in Taut's own database
    "ninja",  # django-ninja's own Swagger files for /api/docs (no CDN)
    "taut.accounts",
    "taut.clinics",
    "taut.office",
    "taut.audit",
    "taut.outbox",
    "taut.patients",
    "taut.episodes",
    "taut.safety",
    "taut.consent",
    "taut.bodychart",
    "taut.assessment",
    "taut.sessions",
    "taut.intake",
    "taut.outcomes",
    "taut.plans",
    "taut.appointments",
    "taut.chart",
    "taut.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "taut.clinics.middleware.ActiveClinicMiddleware",
    "taut.accounts.middleware.IdleLogoutMiddleware",
    # django-axes must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "taut.urls"
WSGI_APPLICATION = "taut.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "taut" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "taut.clinics.context_processors.active_clinic",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite needs no set-up; PostgreSQL is the production database (DATABASE_URL).
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL, pooling=env_str("TAUT_DB_POOLING"))}
else:
    SQLITE_PATH = Path(env_str("TAUT_SQLITE_PATH", str(DATA_DIR / "taut.sqlite3")))
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                # Take the write lock at BEGIN so concurrent writers queue instead of failing.
                "transaction_mode": "IMMEDIATE",
                # synchronous=FULL: a commit (a signature, an audit entry) is on disk when it
                # returns; NORMAL could lose the last commits to a power cut (docs/performance.md).
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security --------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env_int("TAUT_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TAUT_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form field (our users sign in with e-mail)
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Minutes of inactivity before a clinic's staff are logged off, unless the clinic sets its own.
TAUT_IDLE_TIMEOUT_MINUTES = env_int("TAUT_IDLE_TIMEOUT_MINUTES", 15)

SECURE_COOKIES = env_bool("TAUT_SECURE_COOKIES", True)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_NAME = "taut_session"
CSRF_COOKIE_NAME = "taut_csrftoken"
SECURE_HSTS_SECONDS = env_int("TAUT_HSTS_SECONDS", 0)
SECURE_SSL_REDIRECT = env_bool("TAUT_SSL_REDIRECT", False)
if env_bool("TAUT_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- E-mail (password resets) -----------------------------------------------------------------
MAIL_BACKEND = env_str("TAUT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
_MAIL_OPTIONS: dict[str, object] = {}
if MAIL_BACKEND.endswith("smtp.EmailBackend"):
    _MAIL_OPTIONS = {
        "host": env_str("TAUT_EMAIL_HOST", "localhost"),
        "port": env_int("TAUT_EMAIL_PORT", 25),
        "username": env_str("TAUT_EMAIL_HOST_USER"),
        "password": env_str("TAUT_EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("TAUT_EMAIL_USE_TLS", False),
        # Well under the outbox's claim timeout, so a hung server cannot cause a second send.
        "timeout": 60,
    }
elif MAIL_BACKEND.endswith("filebased.EmailBackend"):
    _MAIL_OPTIONS = {"file_path": env_str("TAUT_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))}
MAILERS = {"default": {"BACKEND": MAIL_BACKEND, "OPTIONS": _MAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env_str("TAUT_DEFAULT_FROM_EMAIL", "Taut <taut@localhost>")
# The domain of the Message-ID every message carries (the same on each attempt at one message).
TAUT_MESSAGE_DOMAIN = env_str("TAUT_MESSAGE_DOMAIN", "taut.invalid")
# The address patients reach Taut at: the links in messages the worker sends (reminders).
TAUT_SITE_URL = env_str("TAUT_SITE_URL", "http://127.0.0.1:8000")
TAUT_SMS_BACKEND = env_str("TAUT_SMS_BACKEND", "taut.outbox.sms.ConsoleBackend")
TAUT_SMS_FILE_PATH = env_str("TAUT_SMS_FILE_PATH", str(DATA_DIR / "sms.jsonl"))

# Background work: tasks in the database, run by `taut worker` (docs/follow-up.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TAUT_OUTBOX_CLAIM_SECONDS = env_int("TAUT_OUTBOX_CLAIM_SECONDS", 600)
TAUT_OUTBOX_SWEEP_SECONDS = env_int("TAUT_OUTBOX_SWEEP_SECONDS", 60)
PASSWORD_RESET_TIMEOUT = 60 * 60

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "en"
# Every string is marked for translation; a language is offered once its catalogue is complete.
# Spanish is next (taut/locale/es).
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "taut" / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"  # stored instants are UTC; each clinic shows its own time zone
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "taut" / "static"]
STATIC_ROOT = Path(env_str("TAUT_STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("TAUT_LOG_LEVEL", "INFO")},
    # Request logs carry no patient data: URLs hold only opaque public ids.
    "loggers": {"axes": {"level": "WARNING"}},
}
