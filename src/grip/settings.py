"""Grip settings: one module, every value read from the environment where it is defined.

Development works with no environment at all (embedded SQLite under ``var/``). With
``GRIP_ENV=production`` the app refuses to start on an insecure default.
Secrets may also come from a file: ``GRIP_SECRET_KEY_FILE`` is read when
``GRIP_SECRET_KEY`` is not set (Docker/Kubernetes secrets).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets generic annotations such as ``QuerySet[Incident]`` work at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("GRIP_VAR_DIR", PROJECT_DIR / "var"))


def env(name: str, default: str = "") -> str:
    """Read ``name`` from the environment, or from the file named by ``name_FILE``."""
    if name in os.environ:
        return os.environ[name]
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return default


def env_bool(name: str, default: bool) -> bool:
    value = env(name, "")
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# GRIP_ENV: "development" (default) or "production".
GRIP_ENV = env("GRIP_ENV", "development")
IS_PRODUCTION = GRIP_ENV == "production"

_DEV_SECRET_KEY = "grip-development-only-not-secret"  # noqa: S105 - refused in production
# GRIP_SECRET_KEY: Django's signing key (sessions, CSRF). Required in production.
SECRET_KEY = env("GRIP_SECRET_KEY", _DEV_SECRET_KEY)
# GRIP_DEBUG: show tracebacks; never in production.
DEBUG = env_bool("GRIP_DEBUG", not IS_PRODUCTION)
# GRIP_ALLOWED_HOSTS: comma-separated host names the app answers to.
ALLOWED_HOSTS = env_list("GRIP_ALLOWED_HOSTS", "" if IS_PRODUCTION else "127.0.0.1,localhost")

if IS_PRODUCTION:
    if SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("GRIP_SECRET_KEY must be set to a long random value.")
    if DEBUG:
        raise ImproperlyConfigured("GRIP_DEBUG must be off in production.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("GRIP_ALLOWED_HOSTS must name the hosts Grip serves.")

INSTALLED_APPS = [
    "grip.access.admin_config.GripAdminConfig",  # the admin, for administrators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # the form widget templates, for the TemplatesSetting renderer
    "grip.network",
    "grip.vocab",
    "grip.access",
    "grip.people",
    "grip.intake",
    "grip.triage",
    "grip.followup",
    "grip.learning",
    "grip.monitor",
    "grip.privacy",  # subject access requests: spans every case app
    "grip.demo",
    "grip.retention",  # spans every app: last, and imported by none
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Logs every 404/403 a view raises for a signed-in user as a refused access (NEN 7513).
    "grip.access.middleware.RefusalLogMiddleware",
]

ROOT_URLCONF = "grip.urls"
WSGI_APPLICATION = "grip.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "grip.access.context_processors.grants",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# DATABASE_URL: e.g. postgres://user@127.0.0.1:5432/grip. Default: SQLite in var/.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'grip.sqlite3'}"),
        conn_max_age=int(env("GRIP_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL keeps readers from blocking on a writer; a busy timeout instead of "database locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first: every new or changed password is hashed with it.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "grip.access.administration.AdministratorPermissions",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# GRIP_SESSION_AGE_SECONDS: absolute session lifetime (default 10 hours, one shift).
SESSION_COOKIE_AGE = int(env("GRIP_SESSION_AGE_SECONDS", str(10 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("GRIP_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("GRIP_HSTS_SECONDS", "31536000"))
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# GRIP_BREAK_GLASS_MINUTES: how long an emergency access (noodtoegang) to a person lasts.
BREAK_GLASS_MINUTES = int(env("GRIP_BREAK_GLASS_MINUTES", "60"))

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("GRIP_STATIC_ROOT", str(VAR_DIR / "static")))
# Development serves static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
if not IS_PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
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

# GRIP_EMAIL_BACKEND: console in development; set an SMTP backend in production.
EMAIL_BACKEND = env("GRIP_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("GRIP_DEFAULT_FROM_EMAIL", "grip@localhost")
# GRIP_BASE_URL: where Grip is reached, for links in e-mails.
GRIP_BASE_URL = env("GRIP_BASE_URL", "http://127.0.0.1:8000")

# GRIP_SUPPRESSION_THRESHOLD: published counts below this (and above zero) are withheld.
GRIP_SUPPRESSION_THRESHOLD = int(env("GRIP_SUPPRESSION_THRESHOLD", "5"))

# GRIP_PAGE_SIZE: rows per page on lists.
GRIP_PAGE_SIZE = int(env("GRIP_PAGE_SIZE", "25"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("GRIP_LOG_LEVEL", "INFO")},
}

# --- Protected identity (grip.people.identity; docs/adr/0006-protected-identity.md) ---------
# Checked here, at start-up, so production cannot run on missing, malformed or public keys.
# New keys: python -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())"
from grip.people.identity.config import key_settings  # noqa: E402 - Django-free helper

# GRIP_IDENTITY_KEYS (or GRIP_IDENTITY_KEYS_FILE): "keyid:base64key" entries (32-byte AES keys),
# comma- or newline-separated; the first encrypts, all decrypt. After adding a new first key,
# run `manage.py rotate_identity_keys`; then the old ones can go. Required in production.
# GRIP_PSEUDONYM_KEY (or GRIP_PSEUDONYM_KEY_FILE): base64 HMAC key (≥ 32 bytes) for the linking
# pseudonym; must differ from every identity key. Required in production.
# Without them (development only) fixed keys named "NOT-SECRET" are used.
GRIP_IDENTITY_KEYS, GRIP_PSEUDONYM_KEY = key_settings(
    env("GRIP_IDENTITY_KEYS"), env("GRIP_PSEUDONYM_KEY"), production=IS_PRODUCTION
)
# --- end protected identity ---------------------------------------------------------------------

# --- Retention (grip.retention; docs/retention.md) ------------------------------------------
# Periods after which `manage.py purge` (run daily from cron) anonymises or deletes records.
# Defaults, the moment each period runs from and their legal sources: docs/retention.md.
# GRIP_RETENTION_SITUATION_YEARS: incidents with their responses, from the report (or the
# closure of the trajectory that followed, if later); then anonymised, figures kept.
GRIP_RETENTION_SITUATION_YEARS = int(env("GRIP_RETENTION_SITUATION_YEARS", "5"))
# GRIP_RETENTION_TRAJECTORY_YEARS: trajectories with their events, hand-overs, contacts and
# tasks, from closure; then anonymised (the trajectory row stays for the figures).
GRIP_RETENTION_TRAJECTORY_YEARS = int(env("GRIP_RETENTION_TRAJECTORY_YEARS", "5"))
# GRIP_RETENTION_PERSON_YEARS: a person with identity and source keys, from their last
# activity, once no record refers to them any more; then deleted.
GRIP_RETENTION_PERSON_YEARS = int(env("GRIP_RETENTION_PERSON_YEARS", "5"))
# GRIP_RETENTION_ACCESS_LOG_YEARS: the access log, from each access; at least 5 (NEN 7513).
GRIP_RETENTION_ACCESS_LOG_YEARS = int(env("GRIP_RETENTION_ACCESS_LOG_YEARS", "5"))
# GRIP_RETENTION_NOTIFICATION_LOG_DAYS: the record of sent digests (`notify`), from sending.
GRIP_RETENTION_NOTIFICATION_LOG_DAYS = int(env("GRIP_RETENTION_NOTIFICATION_LOG_DAYS", "90"))
# --- end retention --------------------------------------------------------------------------
