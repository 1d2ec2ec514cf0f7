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
# GRIP_SECRET_KEY_FALLBACKS: earlier keys, comma-separated, still accepted after a key change
# (signed cookies; second-factor secrets, grip.accounts.secrets).
SECRET_KEY_FALLBACKS = env_list("GRIP_SECRET_KEY_FALLBACKS", "")
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
    if "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured("GRIP_ALLOWED_HOSTS must name the hosts, not '*'.")

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
    "grip.accounts",
    # Login, second factor and the optional OpenID Connect provider
    # (docs/adr/0040-login-with-allauth.md).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "csp",
    "grip.people",
    "grip.sharing",  # on what legal basis a person's data went where: written by every case app
    "grip.intake",
    "grip.triage",
    "grip.signalling",  # early signalling: signals enter beside incidents, flow into followup
    "grip.followup",
    "grip.casework",  # plan of approach, case conferences, breakthrough (above followup)
    "grip.experience",  # the person's own view (ADR 0110): above followup, below learning
    "grip.learning",
    "grip.monitor",
    "grip.privacy",  # subject access requests: spans every case app
    # The partner API (issue 18, docs/adr/0130-partner-api.md).
    # DRF without its Dutch catalogue, which would override Django's form messages.
    "grip.api.rest_framework_app.RestFrameworkWithoutCatalogue",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files served by Grip itself, no CDN
    "grip.api",
    "grip.demo",
    "grip.retention",  # spans every app: last, and imported by none
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
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "grip.accounts.middleware.NoStoreMiddleware",
    "grip.accounts.middleware.RefuseNulBytesMiddleware",
    "grip.accounts.middleware.SessionLifetimeMiddleware",
    "grip.accounts.middleware.SecondFactorMiddleware",
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
    "allauth.account.auth_backends.AuthenticationBackend",
    "grip.access.administration.AdministratorPermissions",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Sessions (grip.accounts.middleware; docs/security.md) -----------------------------------
# GRIP_SESSION_IDLE_MINUTES: a session unused this long ends (default 15).
GRIP_SESSION_IDLE_MINUTES = int(env("GRIP_SESSION_IDLE_MINUTES", "15"))
# GRIP_SESSION_MAX_HOURS: a session ends this long after login, however busy (default 10, a shift).
GRIP_SESSION_MAX_HOURS = int(env("GRIP_SESSION_MAX_HOURS", "10"))
# GRIP_FRESH_FACTOR_MINUTES: revealing an identity or exporting needs a second factor entered
# this recently (default 5).
GRIP_FRESH_FACTOR_MINUTES = int(env("GRIP_FRESH_FACTOR_MINUTES", "5"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The stored session outlives neither the absolute lifetime; the middleware ends it earlier.
SESSION_COOKIE_AGE = GRIP_SESSION_MAX_HOURS * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if IS_PRODUCTION:
    # "__Host-" cookies: only over HTTPS, only for this exact host, path "/" (no sub-domain
    # can set or read them).
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-grip-session"
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_NAME = "__Host-grip-csrf"
    SECURE_SSL_REDIRECT = env_bool("GRIP_SSL_REDIRECT", True)
    # GRIP_HSTS_SECONDS, GRIP_HSTS_INCLUDE_SUBDOMAINS, GRIP_HSTS_PRELOAD: Strict-Transport-Security.
    SECURE_HSTS_SECONDS = int(env("GRIP_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("GRIP_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("GRIP_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# GRIP_BREAK_GLASS_MINUTES: how long an emergency access (noodtoegang) to a person lasts.
BREAK_GLASS_MINUTES = int(env("GRIP_BREAK_GLASS_MINUTES", "60"))

# --- Uploads ----------------------------------------------------------------------------------
# A form post (without files) larger than this is refused; files above the memory size go to a
# temporary file. GRIP_IMPORT_MAX_MB bounds the situations import (grip.triage.exchange.forms).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
GRIP_IMPORT_MAX_MB = int(env("GRIP_IMPORT_MAX_MB", "25"))
# Requests per ten minutes per client address on the one-time answering page (ADR 0110).
GRIP_EXPERIENCE_LINK_RATE = int(env("GRIP_EXPERIENCE_LINK_RATE", "30"))

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

# The partner API (docs/adr/0130-partner-api.md): JSON only, token per client, errors as
# application/problem+json, a rate limit per client (Django's cache) and a body limit.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["grip.api.authentication.ClientTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "grip.api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_RATES": {"api_client": None, "api_token": None},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Grip partner-API",
    "DESCRIPTION": "Signalen en meldingen aanleveren en hun status volgen; cijfers per programma.",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
# Requests per client (DRF's "n/period"), and the largest request body taken.
GRIP_API_RATE = env("GRIP_API_RATE", "1200/min")
GRIP_API_MAX_BODY_BYTES = int(env("GRIP_API_MAX_BODY_BYTES", str(64 * 1024)))
GRIP_API_TOKEN_SECONDS = int(env("GRIP_API_TOKEN_SECONDS", "600"))

# GRIP_PAGE_SIZE: rows per page on lists.
GRIP_PAGE_SIZE = int(env("GRIP_PAGE_SIZE", "25"))

# LOGGING: see "Production operation" below (JSON lines, grip.ops.logs).

# --- Production operation: shared cache, background tasks, logs (issue 19) -----------------
# (docs/deploy.md; ADRs 0080-0082.) Kept together so that the other settings blocks stay apart.
# GRIP_CACHE_URL: the shared cache, e.g. redis://127.0.0.1:6379/0 (Django's Redis backend). It
# holds the lock-out counters and rate limits (allauth) and the second-factor codes just used
# (no replay), so with more than one web process or machine it must be shared. Default: each
# process's own memory, enough for `make run` (one process).
# GRIP_CACHE_KEY_PREFIX: keeps two Grips (or tests) on one Redis apart.
GRIP_CACHE_URL = env("GRIP_CACHE_URL")
GRIP_CACHE_KEY_PREFIX = env("GRIP_CACHE_KEY_PREFIX", "grip")
if GRIP_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": GRIP_CACHE_URL,
            "KEY_PREFIX": GRIP_CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The health endpoints (grip.ops) answer probes over plain HTTP on loopback, not redirected.
SECURE_REDIRECT_EXEMPT = [r"^health/"]

# Logs: one JSON line per request and per task on standard error (journald keeps them), with
# request id, user id, organisation, status and duration; never person data (grip.ops.logs).
# GRIP_LOG_LEVEL (INFO); GRIP_LOG_FORMAT: json (default) or text.
from grip.ops.logs import logging_config  # noqa: E402 - Django-free at import

LOGGING = logging_config(env("GRIP_LOG_LEVEL", "INFO"), env("GRIP_LOG_FORMAT", "json"))
# Outermost, so that the line also covers what the other middleware refuse or redirect.
MIDDLEWARE.insert(0, "grip.ops.logs.RequestLogMiddleware")

# Background tasks: django-tasks (the backport of Django 6's django.tasks) with its database
# backend, in the same database as the data (ADR 0081). A worker is `manage.py db_worker`;
# on PostgreSQL several workers on several machines share the queue (SKIP LOCKED).
# GRIP_TASKS_BACKEND: the backend's class (default the database; `...ImmediateBackend` runs each
# task inside the request, for a quick try without a worker).
# GRIP_IMPORT_INLINE_KB: an uploaded situations file up to this size is imported in the request
# (the row report at once); a larger one by the worker (default 512).
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "grip.ops"]
TASKS = {
    "default": {"BACKEND": env("GRIP_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")},
}
GRIP_IMPORT_INLINE_KB = int(env("GRIP_IMPORT_INLINE_KB", "512"))
# GRIP_JOB_RETENTION_DAYS: finished background jobs (an import's row report) and task results
# are deleted this long after they ended, by the daily purge (default 30).
GRIP_JOB_RETENTION_DAYS = int(env("GRIP_JOB_RETENTION_DAYS", "30"))
# --- end production operation -------------------------------------------------------------

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
# GRIP_RETENTION_REFLECTION_YEARS: reflection sessions' cases, turning points, outcomes and
# actions, from the session date (the themes stay; docs/retention.md).
GRIP_RETENTION_REFLECTION_YEARS = int(env("GRIP_RETENTION_REFLECTION_YEARS", "5"))
# GRIP_RETENTION_PERSON_YEARS: a person with identity and source keys, from their last
# activity, once no record refers to them any more; then deleted.
GRIP_RETENTION_PERSON_YEARS = int(env("GRIP_RETENTION_PERSON_YEARS", "5"))
# GRIP_RETENTION_ACCESS_LOG_YEARS: the access log, from each access; at least 5 (NEN 7513).
GRIP_RETENTION_ACCESS_LOG_YEARS = int(env("GRIP_RETENTION_ACCESS_LOG_YEARS", "5"))
# GRIP_RETENTION_NOTIFICATION_LOG_DAYS: the record of sent digests (`notify`), from sending.
GRIP_RETENTION_NOTIFICATION_LOG_DAYS = int(env("GRIP_RETENTION_NOTIFICATION_LOG_DAYS", "90"))
# --- end retention --------------------------------------------------------------------------

# --- Accounts: login, second factor, OpenID Connect (grip.accounts; docs/security.md) --------
ACCOUNT_ADAPTER = "grip.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "grip.accounts.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {"login": "grip.accounts.forms.GripLoginForm"}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]  # signup itself is closed (the adapter)
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False  # the session ends with the browser, see above
ACCOUNT_LOGOUT_REDIRECT_URL = "login"
ACCOUNT_PREVENT_ENUMERATION = True
# GRIP_LOGIN_ATTEMPTS, GRIP_LOCKOUT_MINUTES: after this many failed logins for one user name the
# name is locked for this long (allauth's rate limit, kept in the cache: with several app servers
# configure a shared cache). Per address at most 20 failures a minute.
GRIP_LOGIN_ATTEMPTS = int(env("GRIP_LOGIN_ATTEMPTS", "5"))
GRIP_LOCKOUT_MINUTES = int(env("GRIP_LOCKOUT_MINUTES", "15"))
# --- Trusted proxies (grip.accounts.client_address; docs/security.md) -------------------------
# GRIP_TRUSTED_PROXIES: addresses or networks (comma-separated, e.g. "10.0.0.5,10.1.0.0/16") of
# the reverse proxies in front of Grip. X-Forwarded-For is believed only from them, so that the
# per-address login limit counts the client's address; default none: the header is ignored.
GRIP_TRUSTED_PROXIES = env_list("GRIP_TRUSTED_PROXIES", "")
# --- end trusted proxies ----------------------------------------------------------------------
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"20/m/ip,{GRIP_LOGIN_ATTEMPTS}/{GRIP_LOCKOUT_MINUTES * 60}s/key",
}
# A fresh second factor (grip.accounts.freshness) is as fresh as allauth's reauthentication.
ACCOUNT_REAUTHENTICATION_TIMEOUT = GRIP_FRESH_FACTOR_MINUTES * 60
MFA_ADAPTER = "grip.accounts.secrets.MFAAdapter"  # second-factor secrets encrypted at rest
MFA_FORMS = {
    "authenticate": "grip.accounts.forms.FocusedAuthenticateForm",
    "reauthenticate": "grip.accounts.forms.FocusedReauthenticateForm",
    "activate_totp": "grip.accounts.forms.ActivateTOTPMarkingForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Grip"
MFA_PASSKEY_LOGIN_ENABLED = False  # a passkey is a second factor here, not a password stand-in

# GRIP_OIDC_ENABLED: log in through the organisation's identity provider (OpenID Connect), off by
# default. Then GRIP_OIDC_NAME (button text), GRIP_OIDC_SERVER_URL (the issuer; its
# /.well-known/openid-configuration is read), GRIP_OIDC_CLIENT_ID, GRIP_OIDC_CLIENT_SECRET.
# Only existing Grip users can log in this way (matched on a verified e-mail address).
from grip.accounts.oidc import oidc_form_action_origins, oidc_provider_settings  # noqa: E402 - Django-free helper

GRIP_OIDC_ENABLED = env_bool("GRIP_OIDC_ENABLED", False)
SOCIALACCOUNT_PROVIDERS = oidc_provider_settings(
    enabled=GRIP_OIDC_ENABLED,
    name=env("GRIP_OIDC_NAME", "Inloggen via uw organisatie"),
    server_url=env("GRIP_OIDC_SERVER_URL"),
    client_id=env("GRIP_OIDC_CLIENT_ID"),
    secret=env("GRIP_OIDC_CLIENT_SECRET"),
)
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False  # a POST starts the login: no cross-site login starts

# --- Content-Security-Policy (django-csp): no inline script or style anywhere ------------------
from csp.constants import NONE, SELF  # noqa: E402

_FORM_ACTIONS = [SELF, *oidc_form_action_origins(SOCIALACCOUNT_PROVIDERS)]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # data: for the TOTP QR code
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": _FORM_ACTIONS,
    }
}

# --- Tamper-evident access log (grip.access.chain; docs/adr/0053-tamper-evident-access-log.md) --
from grip.access.audit_key import audit_key_setting  # noqa: E402 - Django-free helper

# GRIP_AUDIT_KEY (or GRIP_AUDIT_KEY_FILE): base64 HMAC key (≥ 32 bytes) of the access log's hash
# chain and of the purge's signed tombstones; `manage.py verify_access_log` needs the same key.
# Required in production; development uses a fixed key marked NOT-SECRET.
GRIP_AUDIT_KEY = audit_key_setting(env("GRIP_AUDIT_KEY"), production=IS_PRODUCTION)
if IS_PRODUCTION and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no database roles: whoever runs the app can rewrite the access log.
    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL (security.md).")
# --- end tamper-evident access log -------------------------------------------------------------
