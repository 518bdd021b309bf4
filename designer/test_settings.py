"""Settings for the test suite: the real settings, with local state in a throw-away folder.

Tests never touch the `var/` of a developer's `make run` (its SQLite file, its broker folders that a running
worker consumes). Everything else, DATABASE_URL and CELERY_BROKER_URL included, comes from the environment
as usual, so `.ci/run` can point the same suite at PostgreSQL and Redis.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

_var_dir = tempfile.mkdtemp(prefix="designer-test-var-")
atexit.register(shutil.rmtree, _var_dir, ignore_errors=True)
os.environ["VAR_DIR"] = _var_dir

from designer.settings import *  # noqa: E402, F403

# Hashing passwords slowly is a production feature, not something tests need to pay for.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# SQLite's test database is a file, not memory: the deployment tests run a real Celery worker in another process.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405
