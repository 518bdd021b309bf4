"""Wait until a URL answers HTTP at all (any status). Exit 0 when it does, 1 after the timeout.

Usage: python scripts/wait_for_http.py URL [TIMEOUT_SECONDS]
"""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request


def main() -> int:
    url = sys.argv[1]
    deadline = time.monotonic() + float(sys.argv[2] if len(sys.argv) > 2 else 30)
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return 0
        except urllib.error.HTTPError:
            return 0  # it answered, even if not with 200 (e.g. 503 while a dependency is down)
        except OSError:
            time.sleep(0.2)
    return 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
