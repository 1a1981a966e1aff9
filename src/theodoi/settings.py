"""Django settings for theodoi. Every knob is an environment variable (README.md, "Configuration")."""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from theodoi.storage import data_dir, database_config, secret_key


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in ("1", "true", "yes", "on")


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = _flag("THEODOI_DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("THEODOI_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("THEODOI_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "theodoi.tenancy",
    "theodoi.planning",
    "theodoi.audit",
    "theodoi.jobs",
    "theodoi.reporting",
    "theodoi.portal",
    "theodoi.exchange",
    "theodoi.web",
    "theodoi.demo",
]

MIDDLEWARE = [
    # Pages, JSON and static files travel compressed (about a quarter of their size): what a
    # commune official on a weak mobile connection waits for. CSRF tokens are masked per
    # response, which is Django's answer to compression attacks on them.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "theodoi.web.middleware.ChosenLanguageMiddleware",  # Vietnamese unless English is chosen
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "theodoi.security.SecondFactorMiddleware",  # a password sign-in waits for its code (or app set-up)
    "django_htmx.middleware.HtmxMiddleware",
    "theodoi.security.SecurityHeadersMiddleware",  # Content-Security-Policy: this site's own files only
]

ROOT_URLCONF = "theodoi.urls"
WSGI_APPLICATION = "theodoi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    }
]

DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "tenancy.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Django's model backend, making each try after repeated failed sign-ins wait a doubling delay
# (per account, address and both, counted in the database; theodoi/security.py).
AUTHENTICATION_BACKENDS = ["theodoi.security.ThrottledBackend"]
# "required": administrators and report signers must set up an authenticator app (TOTP) and give
# its code at sign-in; "optional": only those who set one up (docs/security.md).
THEODOI_SECOND_FACTOR = os.environ.get("THEODOI_SECOND_FACTOR", "required").strip().lower()
if THEODOI_SECOND_FACTOR not in ("required", "optional"):
    raise ValueError("THEODOI_SECOND_FACTOR: use required or optional")
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # first: new and changed passwords
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("THEODOI_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise serves from the finders; it warns without the folder
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step
# Static URLs carry the file's digest (web/staticfiles.py), so a phone keeps them a month and
# still gets a changed stylesheet at once.
STORAGES = {
    # written under a temporary name and renamed: never a half-written file (storage/files.py)
    "default": {"BACKEND": "theodoi.storage.files.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "theodoi.web.staticfiles.VersionedStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 30 * 24 * 3600
MEDIA_ROOT = DATA_DIR / "files"  # never served directly: files go through permission-checked views
# the worker's daily backup (storage/backup.py, docs/operations.md): off unless a folder is given
THEODOI_BACKUP_DIR = os.environ.get("THEODOI_BACKUP_DIR", "")
THEODOI_BACKUP_KEEP = int(os.environ.get("THEODOI_BACKUP_KEEP", 7))
THEODOI_BACKUP_HOUR = int(os.environ.get("THEODOI_BACKUP_HOUR", 2))
# the audit chain's head after every write, outside the database (audit/anchors.py)
AUDIT_ANCHOR_FILE = os.environ.get("THEODOI_AUDIT_ANCHOR_FILE") or str(DATA_DIR / "audit-anchors.jsonl")

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
THEODOI_MAX_UPLOAD_BYTES = int(os.environ.get("THEODOI_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
THEODOI_BASE_URL = os.environ.get("THEODOI_BASE_URL", "http://127.0.0.1:8000")
# The national system ("Hệ thống 57", docs/exchange.md): where `theodoi exchange push-national`
# sends, with the token of the signed-in account there and the report template grant's id.
THEODOI_NATIONAL_URL = os.environ.get("THEODOI_NATIONAL_URL", "").rstrip("/")
THEODOI_NATIONAL_TOKEN = os.environ.get("THEODOI_NATIONAL_TOKEN", "")
THEODOI_NATIONAL_GRANT = os.environ.get("THEODOI_NATIONAL_GRANT", "")
THEODOI_NATIONAL_TEMPLATE = os.environ.get("THEODOI_NATIONAL_TEMPLATE", "")
THEODOI_NATIONAL_KPI_FILE = os.environ.get("THEODOI_NATIONAL_KPI_FILE", "")
# Sending reports up to the province's theodoi: the first retry waits this long, then twice as long each time.
THEODOI_EXCHANGE_RETRY_SECONDS = int(os.environ.get("THEODOI_EXCHANGE_RETRY_SECONDS", "60"))

# Signed reports (docs/signing.md): an RFC 3161 time-stamping server makes them PAdES-B-T; with
# revocation data too (CRL files in a folder, or fetched online from the certificates' addresses)
# PAdES-B-LT.
THEODOI_TSA_URL = os.environ.get("THEODOI_TSA_URL", "").strip()
THEODOI_CRL_DIR = os.environ.get("THEODOI_CRL_DIR", "").strip()
THEODOI_REVOCATION_ONLINE = _flag("THEODOI_REVOCATION_ONLINE")
# Keys on a PKCS#11 token (the USB keys of the Government's CA): the vendor's module; the token, slot
# and PIN are registered per unit (`theodoi report certificate --pkcs11`), THEODOI_PKCS11_PIN being
# the PIN when a unit names no variable or file of its own.
THEODOI_PKCS11_LIB = os.environ.get("THEODOI_PKCS11_LIB", "").strip()

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = True  # pages send the token from the form or hx-headers, never from the cookie
CSRF_FAILURE_VIEW = "theodoi.web.views.errors.csrf_failure"  # the project's Vietnamese page, not Django's stock one
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS = _flag("THEODOI_HTTPS")
if HTTPS:
    # Behind an HTTPS proxy that sets X-Forwarded-Proto (and drops the header coming from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The API's rate limits key on REMOTE_ADDR, never on a client-supplied X-Forwarded-For.
NINJA_NUM_PROXIES = 0
# One cache for every process of the server (`theodoi serve` runs several): the API's rate
# limits and the feedback limit then count across processes. Files in the data folder need no
# cache server; nothing kept there is needed after a restart.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
    # the API's rate limits, counted in each server process's memory: a file of the shared cache
    # written (and its folder listed) on every request cost more than the write it limited
    "throttle": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "theodoi-api-throttle",
        "OPTIONS": {"MAX_ENTRIES": 50000},
    },
}

EMAIL_SUBJECT_PREFIX = "[theodoi] "
DEFAULT_FROM_EMAIL = os.environ.get("THEODOI_EMAIL_FROM", "theodoi@localhost")
if os.environ.get("THEODOI_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["THEODOI_SMTP_HOST"]
    EMAIL_PORT = int(os.environ.get("THEODOI_SMTP_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("THEODOI_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("THEODOI_SMTP_PASSWORD", "")
    EMAIL_USE_TLS = _flag("THEODOI_SMTP_TLS", True)
else:
    # No mail server configured: every message is written to <data dir>/mail for inspection.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("THEODOI_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
