"""Chasqui settings: one file, driven by the environment.

Every value a deployment changes comes from an environment variable read through the small typed
helpers below, which refuse a malformed value instead of guessing. Development defaults exist only
while DEBUG is on.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true/false (or 1/0), got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "false")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(a long random string) before starting Chasqui with DEBUG off."
        )
    SECRET_KEY = "chasqui-development-only-not-for-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

# The project's own cluster (scripts/pg.sh) when DATABASE_URL is unset; only in development.
LOCAL_DATABASE_URL = "postgres://chasqui@127.0.0.1:{}/chasqui".format(envint("PGPORT_LOCAL", "54329"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DATABASE_URL is not set. Point it at the PostgreSQL database, "
            "e.g. postgres://user:password@host:5432/chasqui."
        )
    DATABASE_URL = LOCAL_DATABASE_URL
if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must be a PostgreSQL URL (postgres://...).")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = envint("DB_CONNECT_TIMEOUT", "5")

INSTALLED_APPS = [
    "cuentas.sitio.ChasquiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "pgtrigger",
    "pghistory",
    "axes",
    "csp",
    "comun",
    "territorio",
    "cuentas",
    "historial",
    "avisos",
    "exportaciones",
    "balance",
    "practicas",
    "monitoreo",
    "inicio",
]

MIDDLEWARE = [
    # First: a body in another charset, control characters in the path, query string or cookies
    # (PostgreSQL refuses NUL) are refused with a 400 or cleaned before anything reads them.
    "comun.peticion.PeticionLimpiaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cuentas.alcance.AlcanceMiddleware",
    # Every change a request makes is recorded with its user and URL (historial).
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a locked-out login into the login page with the cool-off message (cuentas.bloqueo).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "inicio.context_processors.navegacion",
            ],
        },
    },
]

AUTH_USER_MODEL = "cuentas.Usuario"
# The first refuses a username locked out from the client's address (django-axes).
AUTHENTICATION_BACKENDS = ["cuentas.bloqueo.BloqueoBackend", "cuentas.backends.RolBackend"]
LOGIN_URL = "cuentas:ingresar"
LOGIN_REDIRECT_URL = "inicio"
LOGOUT_REDIRECT_URL = "cuentas:ingresar"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "es-pe"
LANGUAGES = [("es-pe", "Español (Perú)")]
TIME_ZONE = "America/Lima"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from the npm registry at set-up (package.json), never copied by hand.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded photos (comun.imagenes). A file heavier than IMAGEN_MB_MAXIMO is refused before it is read.
IMAGEN_MB_MAXIMO = envint("IMAGEN_MB_MAXIMO", "10")
# Width × height read from the header, checked before decoding: a small file can unpack into gigabytes.
# Pillow itself refuses beyond about 89 megapixels, so a higher value here changes nothing.
IMAGEN_PIXELES_MAXIMOS = envint("IMAGEN_PIXELES_MAXIMOS", str(40_000_000))
# Any uploaded file: past this many MB its bytes are dropped as they arrive (comun.subidas.SubidaLimitada)
# and the form refuses it by its size. The proxy in front should refuse such bodies before they reach
# the app (nginx: client_max_body_size, see the README); each form has its own lower limit.
SUBIDA_MB_MAXIMO = envint("SUBIDA_MB_MAXIMO", str(IMAGEN_MB_MAXIMO))
FILE_UPLOAD_HANDLERS = [
    "comun.subidas.SubidaLimitada",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A file up to this size stays in memory while the request lasts; a larger one goes to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The rest of a request's body (fields, not files) is refused past this (Django answers 400). Django's
# default, stated: a practice's whole sheet, posted at once, stays well under it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The longest side of the JPEG that is kept and shown; smaller photos are never enlarged.
IMAGEN_LADO_MAXIMO = envint("IMAGEN_LADO_MAXIMO", "1600")
# Also keep the upload as it came (with its EXIF, GPS position included) in the "original" field.
IMAGEN_GUARDAR_ORIGINAL = envbool("IMAGEN_GUARDAR_ORIGINAL", "false")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# A practice's editor posts its whole sheet: six lists of up to 100 rows of about six fields each.
# Beyond this a request is refused before any view sees it (comun.formularios caps each list).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Background exports one user may have waiting or being made at once; one more is refused with a
# message until one of them ends, so that a user cannot fill the worker's queue.
EXPORTACIONES_POR_USUARIO = envint("EXPORTACIONES_POR_USUARIO", "3")

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", "false" if DEBUG else "true")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", "false") else None
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(60 * 60 * 12))
# HTTPS is usually terminated by the proxy, which also redirects; these are for when it is not.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
SECURE_REDIRECT_EXEMPT = [r"^salud/$"]  # load balancers probe over plain HTTP
# Django's defaults, written out because `check --deploy` and the README rely on them.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): only the site's own files run or style a page. No inline
# script and no style attribute anywhere (tests/test_cabeceras.py reads every template for them). The
# one nonce is for the <style> that pygal embeds in each chart's inline SVG (comun.graficos): it is
# added only to the pages that draw a chart. Bootstrap's CSS draws its icons as data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failures for one username from one
# address, that pair waits LOGIN_COOLOFF_MINUTES. Counting username and address together keeps one
# wrong password typed behind a school's proxy from locking out everybody behind it. Behind
# NUM_PROXIES proxies (each appending to X-Forwarded-For) the client's address is read from there.
NUM_PROXIES = envint("NUM_PROXIES", "1" if envbool("BEHIND_PROXY", "false") else "0")
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
# Failures from one address within the cool-off, whatever the usernames, before that address waits
# too: a flood that changes the username at every attempt is refused before the password hasher runs.
LOGIN_FAILURE_LIMIT_PER_ADDRESS = envint("LOGIN_FAILURE_LIMIT_PER_ADDRESS", "50")
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", "30"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed login, kept in the database (axes' records)
AXES_CLIENT_IP_CALLABLE = "cuentas.bloqueo.ip_del_cliente"
AXES_LOCKOUT_CALLABLE = "cuentas.bloqueo.respuesta_bloqueo"
AXES_HTTP_RESPONSE_CODE = 429

# A password reset link works once, and only for this long.
PASSWORD_RESET_TIMEOUT = 60 * 60 * envint("PASSWORD_RESET_HOURS", "6")
# The reset e-mails go out like every other (EMAIL_* below).

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "chasqui-demo")

# The site's address as people reach it, for the links in e-mails (notices).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")
if not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL is not set. Set it to the address people use, e.g. https://chasqui.example.gob.pe, "
        "so that the links in e-mails work."
    )

# E-mail (notices). With an SMTP server in EMAIL_HOST, SMTP; in development without one, every
# e-mail is written as a file into .correos/ for the developer to read.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "true")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "20")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Chasqui <no-responder@chasqui.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = BASE_DIR / ".correos"
else:
    raise ImproperlyConfigured(
        "EMAIL_HOST is not set. Point it at the SMTP server that sends Chasqui's e-mails "
        "(with EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, DEFAULT_FROM_EMAIL)."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every layout step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
