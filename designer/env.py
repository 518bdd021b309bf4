"""Typed readers for settings that come from the environment.

Every knob of the product is read through one of these, so a wrong value fails at start-up with a message
that names the variable, instead of surfacing later as a confusing error. An empty value means "use the
default", so a copied `.env.example` with blank lines behaves like no `.env` at all.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def _raw(name: str) -> str | None:
    """The variable's value, or None when it is unset or blank."""
    value = os.environ.get(name)
    return value if value is not None and value.strip() else None


def env_str(name: str, default: str) -> str:
    raw = _raw(name)
    return default if raw is None else raw


def env_bool(name: str, default: bool) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use one of: true, false, 1, 0, yes, no")


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not allowed; use one of: {', '.join(choices)}")
    return value


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = _raw(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blanks around items are ignored."""
    raw = _raw(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """A secret from `NAME`, or from the file named by `NAME_FILE` (Docker/Kubernetes secrets style)."""
    value = _raw(name)
    file_name = _raw(f"{name}_FILE")
    if value and file_name:
        raise ImproperlyConfigured(f"set either {name} or {name}_FILE, not both")
    if value:
        return value
    if file_name:
        try:
            content = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {error}") from None
        if not content:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} is empty")
        return content
    return None


def dev_secret_key(path: Path) -> str:
    """A random key kept in `path` so sessions survive restarts of a development install.

    Only for the embedded mode: settings refuse it when DEBUG is off.
    """
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write a private temporary file, then link it into place: link() fails if another process won the
    # race, and then we use its key; nobody ever reads a half-written file.
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(50) + "\n")
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return path.read_text(encoding="utf-8").strip()


def secret_key(*, debug: bool, fallback_path: Path) -> str:
    """SECRET_KEY from the environment or a file; a generated key under var/ only when DEBUG is on."""
    key = env_secret("SECRET_KEY")
    if key:
        return key
    if not debug:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off; "
            "the generated development key is never used in production"
        )
    return dev_secret_key(fallback_path)


def database_config(url: str, *, conn_max_age: int = 0) -> dict[str, Any]:
    """Django's DATABASES["default"] from a URL such as postgres://user@host:5432/name or sqlite:///path."""
    try:
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL={_redact(url)!r} is not usable: {error}") from None
    options: dict[str, Any] = config.setdefault("OPTIONS", {})
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        # The web server and the Celery worker share the file: WAL lets readers and a writer work at once,
        # IMMEDIATE transactions plus a busy timeout turn "database is locked" into a short wait.
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", 20)
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    elif engine == "django.db.backends.postgresql":
        options.setdefault("connect_timeout", 5)
    return config


def _redact(url: str) -> str:
    """The URL without its password, for error messages."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else url


def cache_config(cache_url: str, *, broker_url: str = "") -> dict[str, Any]:
    """Django's CACHES["default"]: a cache every process shares (sign-in lockout and API rate limits count there).

    `redis://…` (or `rediss://`, `unix://`) is Redis; `db://` (the default) is a table in the database; `locmem://`
    counts per process (one process only). With no CACHE_URL and a Redis broker, the broker's Redis server is
    reused with the next database number (`redis://h:6379/0` → `/1`), so that clearing the cache never empties
    the task queue."""
    url = cache_url.strip()
    if not url and broker_url.startswith(("redis://", "rediss://")):
        url = _next_redis_database(broker_url)
    scheme = url.partition("://")[0] if url else "db"
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                "KEY_PREFIX": "designer"}
    if scheme == "db":
        return {"BACKEND": "apps.core.cache.DatabaseCache", "LOCATION": "designer_cache"}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "designer"}
    raise ImproperlyConfigured(f"CACHE_URL={_redact(url)!r} is not usable; use redis://host:6379/1, db:// (a table "
                               "in the database, the default) or locmem:// (per process)")


def _next_redis_database(url: str) -> str:
    base, _, query = url.partition("?")
    head, _, last = base.rstrip("/").rpartition("/")
    base = f"{head}/{int(last) + 1}" if "://" in head and last.isdigit() else f"{base.rstrip('/')}/1"
    return f"{base}?{query}" if query else base
