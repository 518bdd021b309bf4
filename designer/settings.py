"""Settings of the serverless designer, read from the environment (and a `.env` file, if there is one).

Every knob is listed in `.env.example`. The defaults give the embedded mode that `make run` and `make test`
use: SQLite and a filesystem Celery broker under `var/`, debug on, a generated development secret key.
A team install sets DEBUG=false, SECRET_KEY (or SECRET_KEY_FILE), ALLOWED_HOSTS, DATABASE_URL and
CELERY_BROKER_URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dotenv import load_dotenv

from designer.env import (
    cache_config,
    database_config,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# Values already in the environment win over the file.
load_dotenv(BASE_DIR / ".env", override=False)

# Local state of the embedded mode: the SQLite file, the filesystem broker, the development secret key.
VAR_DIR = (BASE_DIR / env_str("VAR_DIR", "var")).resolve()  # a relative path is relative to the project
VAR_DIR.mkdir(parents=True, exist_ok=True)

# ---------------------------------------------------------------- core
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = secret_key(debug=DEBUG, fallback_path=VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
# HTTPS for a team install (`manage.py check --deploy` is clean with DEBUG=false; a test proves it). Behind a
# proxy that terminates TLS set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_str("SECURE_PROXY_SSL_HEADER", ""):
    SECURE_PROXY_SSL_HEADER = (env_str("SECURE_PROXY_SSL_HEADER", ""), "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Failed sign-ins allowed per user name and per client address in LOGIN_FAILURE_WINDOW_SECONDS.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 900, minimum=1)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_celery_results",
    "apps.core",
    "apps.teams",
    "apps.designs",
    "apps.deployments",
    # the self-service portal: audit log, org policies, history and diff, approvals, the JSON API
    "apps.audit",
    "apps.policies",
    "apps.history",
    "apps.approvals",
    "apps.golden",
    "apps.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "designer.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # a NUL character in a form field or query parameter is refused (400, naming the field) before any view
    "apps.core.middleware.RefuseNulCharactersMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # every page needs a signed-in user, except views marked @login_not_required (/healthz, sign-in)
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "apps.teams.middleware.CurrentTeamMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "designer.urls"
WSGI_APPLICATION = "designer.wsgi.application"

# template_partials (in INSTALLED_APPS) wraps these loaders so that "page.html#partial" names resolve.
TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.teams.context_processors.teams",
            ],
        },
    },
]

# ---------------------------------------------------------------- database
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": database_config(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0)),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------- Celery
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # One folder for both directions, so that producers and the worker meet (kombu's documented set-up).
    _celery_dir = VAR_DIR / "celery"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "queue"),
        "data_folder_out": str(_celery_dir / "queue"),
        "processed_folder": str(_celery_dir / "processed"),
        "control_folder": str(_celery_dir / "control"),
        "polling_interval": 0.1,
    }
    for _folder in ("queue", "processed", "control"):
        (_celery_dir / _folder).mkdir(parents=True, exist_ok=True)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TIMEZONE = "UTC"

# ---------------------------------------------------------------- the shared cache
# Sign-in lockout and API rate limits count here, so every process (gunicorn workers, hosts) must share it: the
# database by default, Redis when CACHE_URL says so (or the broker's Redis server, next database number).
CACHE_URL = env_str("CACHE_URL", "")
CACHES = {"default": cache_config(CACHE_URL, broker_url=CELERY_BROKER_URL)}

# ---------------------------------------------------------------- the local AWS sandbox (moto server)
SANDBOX_PORT = env_int("SANDBOX_PORT", 5005, minimum=1)
SANDBOX_URL = f"http://127.0.0.1:{SANDBOX_PORT}"
# false on a team install without the sandbox: no sandbox targets, and /healthz reports it as "disabled"
SANDBOX_ENABLED = env_bool("SANDBOX_ENABLED", True)

# ---------------------------------------------------------------- deployments
# A deployment still working after its limit is failed with the reason (a worker never leaves one "running").
DEPLOYMENT_TIME_LIMIT_SECONDS = env_int("DEPLOYMENT_TIME_LIMIT_SECONDS", 3600, minimum=1)
DEPLOYMENT_PREPARE_TIME_LIMIT_SECONDS = env_int("DEPLOYMENT_PREPARE_TIME_LIMIT_SECONDS", 1800, minimum=1)
# How long a worker's claim on a deployment lasts without a heartbeat (a killed worker's is taken over after it).
DEPLOYMENT_LEASE_SECONDS = env_int("DEPLOYMENT_LEASE_SECONDS", 30, minimum=1)
# Installed function dependencies, reused across deployments (pip runs once per requirements set).
DEPLOYMENT_BUILD_CACHE = (BASE_DIR / env_str("DEPLOYMENT_BUILD_CACHE", str(VAR_DIR / "build-cache"))).resolve()
# The pinned npm toolchain TypeScript functions are bundled with (scripts/node_toolchain.sh installs it once).
NODE_TOOLCHAIN_DIR = (BASE_DIR / env_str("NODE_TOOLCHAIN_DIR", str(VAR_DIR / "node-toolchain"))).resolve()

# ---------------------------------------------------------------- the JSON API
# Requests per minute per personal access token (counted in the cache: shared across processes when it is).
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120, minimum=1)

# ---------------------------------------------------------------- auth, i18n, static files
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = (BASE_DIR / env_str("STATIC_ROOT", str(VAR_DIR / "static"))).resolve()

# ---------------------------------------------------------------- logging
LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"))
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"redact_secrets": {"()": "designer.security.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_secrets"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
                # the MCP SDK says INFO three times per /mcp request (its per-request transport starts and stops)
                "mcp": {"level": "WARNING"}},
}
