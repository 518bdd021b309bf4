"""Run an async function to completion in a thread of its own.

`anyio.run` refuses to start when the calling thread already has a running asyncio loop, and an earlier test in
the same pytest process (anything that leaves a loop marked running in the main thread) would make these tests
fail only in the full suite. A fresh thread has no loop, whatever ran before.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio


def run(function: Any, *args: Any) -> Any:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(anyio.run, function, *args).result()
