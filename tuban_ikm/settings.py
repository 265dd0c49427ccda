"""Settings for the Tuban IKM registry.

Everything that differs between a laptop and the server comes from the environment, so
one file serves both. Defaults are the safe choice for production (DEBUG off, secure
cookies) except the database, which defaults to an SQLite file so a newcomer can run the
project at once; `make run` sets DEBUG=1.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap
import xstatic.pkg.leaflet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment (or DEBUG=1 for development).")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "tuban_ikm.apps.AdminSiteConfig",  # django.contrib.admin with a lighter site (tuban_ikm/admin_lists.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "registry",
    "organizations",
    "dashboard",
    "catalogue",
    "aid",
    "reporting",
    "demo",
    "messaging",
    # Last: its post_migrate handler assigns the permissions of the apps above to roles.
    "tuban_ikm",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tuban_ikm.middleware.IndonesianUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff: absolute session limit and the second factor before any page (accounts/middleware.py).
    "accounts.middleware.SignInSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Near the end, so that it sees the view's exceptions first: database down -> Indonesian 503.
    "tuban_ikm.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tuban_ikm.urls"

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
                "organizations.context_processors.officer_nav",
                "tuban_ikm.context_processors.navigation",
                "accounts.context_processors.inbox",
                "tuban_ikm.context_processors.dinas_contact",
            ],
        },
    },
]

WSGI_APPLICATION = "tuban_ikm.wsgi.application"

# SQLite file in the project folder by default; PostgreSQL in production through
# DATABASE_URL, e.g. postgres://user:password@host:5432/tuban_ikm
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A connection broken while the database was away is replaced on the next request.
        conn_health_checks=True,
    )
}
# When the database is down or stuck, a page gives up quickly (the Indonesian 503 page)
# instead of holding a worker: seconds to connect, milliseconds per statement.
DB_CONNECT_TIMEOUT = int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "30000"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
    # The dashboard's aggregates over the production reports: with the default 4 MB they
    # sort on disk, and JIT compiling each one costs more (30-100 ms) than it saves.
    _session = os.environ.get("PG_SESSION_OPTIONS", "-c work_mem=32MB -c jit=off")
    if DB_STATEMENT_TIMEOUT_MS:
        _session = f"{_session} -c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"
    _options["options"] = f"{_options.get('options', '')} {_session}".strip()
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", DB_CONNECT_TIMEOUT)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Log in with email, phone number or username; keeps ModelBackend's permissions and is_active.
# django-axes' backend comes first: it refuses a locked-out account before any password check.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.EmailOrPhoneBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # 12 characters for staff accounts, 8 for everyone else (Indonesian messages).
    {"NAME": "accounts.validators.RoleMinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Bahasa Indonesia first, English available.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Kept off on purpose: with it on, {{ object.pk }} renders "12.345" in the id locale and
# URLs break. Money and counts are formatted explicitly (registry.templatetags.rupiah).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap and Leaflet come from XStatic packages, never from a CDN: the app must work
# on a closed government network.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
    ("vendor/leaflet", xstatic.pkg.leaflet.BASE_DIR),
]
MEDIA_URL = "media/"
# Public uploads only (product photos): see catalogue.media_views and the README's nginx note.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads holding personal data (aid documents, receipts, monitoring photos). Must lie outside
# MEDIA_ROOT: nothing serves it, files go out only through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "tuban_ikm.files.PrivateFileSystemStorage",
        "OPTIONS": {
            "location": PRIVATE_MEDIA_ROOT,
            "directory_permissions_mode": 0o750,
            "file_permissions_mode": 0o640,
        },
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "accounts:login"
# A role-aware landing page (tuban_ikm/home.py start): queue, dashboard, members, businesses...
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "home"

# Email: console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# Seconds before a stuck mail server gives up; mail goes through the outbox
# (tuban_ikm.outbox, `manage.py send_outbox`), so a slow or dead server never fails a page.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Registri IKM Tuban <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Scheme and host in front of every link that leaves the site (emails, WhatsApp share links,
# printed invitations): a cron job has no request to take the host from, and a request's
# Host header is the client's to choose. tuban_ikm.site.absolute_url reads it; the system
# check tuban_ikm.W001 warns when it is missing or not https with DEBUG off.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").strip().rstrip("/")

# Security: strict unless DEBUG. Behind a TLS-terminating proxy set
# SECURE_PROXY_SSL_HEADER=1 so Django trusts X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
# Preloading is hard to undo (browsers ship the list): only when asked for explicitly.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy (django-csp 4), enforced: pages load scripts, styles, images and
# fonts only from this site; no inline scripts, no on* handlers, no style attributes
# (behaviour lives in static/js, looks in static/css). img-src allows data: for Bootstrap's
# and Leaflet's built-in SVG icons. Browsers post violations to /csp-report/ (logged).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": "/csp-report/",
    },
}
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS")
if not SECURE_HSTS_PRELOAD:
    # Not preloading is a choice (README "Sign-in security"), not an oversight.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# --- Sign-in security (README "Sign-in security") -----------------------------------------
# django-axes: AXES_FAILURE_LIMIT wrong passwords lock the account for AXES_COOLOFF_MINUTES.
# AXES_LOCKOUT_PARAMETERS: comma-separated rules, "+" joins parameters that count together;
# the default counts failures per account per IP address, so an attacker elsewhere cannot
# lock the owner out of their own phone.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [
    rule.split("+") if "+" in rule else rule for rule in env_list("AXES_LOCKOUT_PARAMETERS", "username+ip_address")
]
AXES_RESET_ON_SUCCESS = True
# "0812…", "+62812…" and the account's email count as one account (accounts/backends.py).
AXES_USERNAME_CALLABLE = "accounts.backends.axes_username"
# Behind N reverse proxies set TRUSTED_PROXY_COUNT=N: the client address then comes from
# X-Forwarded-For as the proxies wrote it (accounts/security.py client_ip), not REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"  # Indonesian page, accounts/lockout.html
AXES_VERBOSE = False

# Two-factor sign-in (TOTP, django-otp): required for staff (admin, /dinas/, /dasbor/).
OTP_REQUIRED_FOR_STAFF = env_bool("OTP_REQUIRED_FOR_STAFF", True)
OTP_TOTP_ISSUER = "Registri IKM Tuban"
OTP_BACKUP_CODES = 10

# Sessions: owners stay signed in for SESSION_COOKIE_AGE (14 days) unless they untick
# "Tetap masuk"; staff sessions end when the browser closes and at most STAFF_SESSION_HOURS
# after signing in, whatever they do in between.
SESSION_COOKIE_AGE = 14 * 24 * 3600
STAFF_SESSION_HOURS = int(os.environ.get("STAFF_SESSION_HOURS", "8"))

from django.contrib.messages import constants as message_constants  # noqa: E402

MESSAGE_TAGS = {message_constants.ERROR: "danger"}  # Bootstrap's name for the error colour

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# django-import-export: by default a view-only staff user may import (upstream #820).
# Require the dedicated "import_<model>" / "export_<model>" permissions instead.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Personal data (UU 27/2022): how long the access log is kept (purge_personal_data_log) and
# how long an uploaded import waits for its confirmation (purge_import_previews).
PERSONAL_DATA_LOG_DAYS = int(os.environ.get("PERSONAL_DATA_LOG_DAYS", "730"))
IMPORT_PREVIEW_MINUTES = int(os.environ.get("IMPORT_PREVIEW_MINUTES", "60"))

# Upload and import bombs: an image may declare at most this many pixels (checked from
# its header before decoding); an xlsx may unpack to at most these sizes, and a sheet stops
# after this many empty rows in a row.
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", "40000000"))
IMPORT_MAX_UNZIPPED_BYTES = int(os.environ.get("IMPORT_MAX_UNZIPPED_BYTES", str(50 * 1024 * 1024)))
IMPORT_MAX_SHARED_STRINGS_BYTES = int(os.environ.get("IMPORT_MAX_SHARED_STRINGS_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_EMPTY_ROWS = int(os.environ.get("IMPORT_MAX_EMPTY_ROWS", "1000"))

# Rough bounding box of Kabupaten Tuban (WGS84). A business's map point must fall inside.
TUBAN_BOUNDS = {"lat_min": -7.20, "lat_max": -6.70, "lng_min": 111.53, "lng_max": 112.26}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
