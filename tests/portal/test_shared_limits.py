"""Issue 11 item 14: sign-in lockout and API rate limits count in the shared cache (the database by default,
Redis when configured), so two web processes — gunicorn workers, hosts — share one limit instead of each having
its own. Proven with two real OS processes against this run's database and cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection

from apps.api.tokens import token_create
from apps.teams.models import Membership
from apps.teams.services import team_create
from designer.env import cache_config

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _process(*args: str, limit_env: dict[str, str]) -> list[int]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "designer.settings", "DATABASE_URL": _database_url(),
           "VAR_DIR": str(django_settings.VAR_DIR), "ALLOWED_HOSTS": "testserver", "DEBUG": "true",
           "CACHE_URL": os.environ.get("CACHE_URL", ""), **limit_env}
    done = subprocess.run([sys.executable, "-m", "tests.portal.limits_main", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    codes: list[int] = json.loads(done.stdout.strip().splitlines()[-1])
    return codes


def test_the_default_cache_is_shared_by_every_process() -> None:
    backend = django_settings.CACHES["default"]["BACKEND"]
    assert backend in {"apps.core.cache.DatabaseCache", "django.core.cache.backends.redis.RedisCache"}


def test_two_processes_share_one_sign_in_lockout(settings: Any) -> None:
    cache.clear()
    get_user_model().objects.create_user("bob", password="bob-secret-1")
    limits = {"LOGIN_MAX_FAILURES": "4", "LOGIN_FAILURE_WINDOW_SECONDS": "900"}

    first = _process("login", "bob", "3", limit_env=limits)
    second = _process("login", "bob", "3", limit_env=limits)

    assert first == [200, 200, 200]  # three failures counted
    assert second == [200, 429, 429]  # the fourth is the last allowed, whichever process serves it


def test_two_processes_share_one_api_rate_limit(settings: Any) -> None:
    cache.clear()
    erin = get_user_model().objects.create_user("erin", password="erin-secret-1")
    team_create(name="shop", owner=erin)
    token = token_create(membership=Membership.objects.get(user=erin), name="ci", scopes=["read"]).plaintext
    limits = {"API_RATE_LIMIT_PER_MINUTE": "5"}

    first = _process("api", token, "3", limit_env=limits)
    second = _process("api", token, "3", limit_env=limits)

    # the window is one clock minute: if it turned between the two processes, the second starts a new count
    assert first == [200, 200, 200]
    assert second in ([200, 200, 429], [200, 200, 200])


def test_counting_from_two_processes_at_once_loses_no_increment() -> None:
    cache.clear()
    cache.add("counter", 0, timeout=600)
    script = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'designer.settings'); "
              "django.setup(); from django.core.cache import cache\n"
              "for _ in range(50): cache.incr('counter')\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "designer.settings", "DATABASE_URL": _database_url(),
           "VAR_DIR": str(django_settings.VAR_DIR), "CACHE_URL": os.environ.get("CACHE_URL", "")}
    processes = [subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env, stderr=subprocess.PIPE)
                 for _ in range(2)]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()[-3000:]

    assert cache.get("counter") == 100


@pytest.mark.parametrize(("cache_url", "broker", "backend", "location"), [
    ("", "filesystem://", "apps.core.cache.DatabaseCache", "designer_cache"),
    ("", "redis://h:6379/0", "django.core.cache.backends.redis.RedisCache", "redis://h:6379/1"),
    ("", "redis://h:6379", "django.core.cache.backends.redis.RedisCache", "redis://h:6379/1"),
    ("redis://c:6379/4", "redis://h:6379/0", "django.core.cache.backends.redis.RedisCache", "redis://c:6379/4"),
    ("db://", "redis://h:6379/0", "apps.core.cache.DatabaseCache", "designer_cache"),
    ("locmem://", "filesystem://", "django.core.cache.backends.locmem.LocMemCache", "designer"),
])
def test_cache_url_chooses_the_shared_cache(cache_url: str, broker: str, backend: str, location: str) -> None:
    config = cache_config(cache_url, broker_url=broker)
    assert (config["BACKEND"], config["LOCATION"]) == (backend, location)
