"""The shared cache's database backend: Django's, with an atomic `incr` that keeps the entry's expiry.

Sign-in failures and API rate limits are counters that every web process (gunicorn workers, several hosts) must
share. Django's database cache stores them, but its `incr` is a `get` then a `set`: two processes counting at the
same moment both write the same number (a lost count), and the `set` replaces the window's expiry with the
default timeout. Here the increment takes the row's write lock first (the database's write lock on SQLite, whose
transactions are IMMEDIATE here), so counts from any number of processes add up exactly.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone

TABLE = "designer_cache"


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, cache_key, expires, value = (quote(self._table), quote("cache_key"), quote("expires"),
                                            quote("value"))
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            # a write first: it locks the entry until commit, so the read below sees every earlier increment
            cursor.execute(f"UPDATE {table} SET {expires} = {expires} WHERE {cache_key} = %s AND {expires} > %s",
                           [key, now])
            if cursor.rowcount == 0:
                raise ValueError(f"Key '{key}' not found")
            cursor.execute(f"SELECT {value} FROM {table} WHERE {cache_key} = %s", [key])
            (stored,) = cursor.fetchone()
            new_value = pickle.loads(base64.b64decode(stored.encode())) + delta
            encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {value} = %s WHERE {cache_key} = %s", [encoded, key])
        return new_value
