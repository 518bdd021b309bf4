"""The local AWS sandbox: a moto server on 127.0.0.1 until interrupted.

Usage: python scripts/sandbox.py [PORT]   (default: $SANDBOX_PORT, else 5005)
"""

from __future__ import annotations

import os
import signal
import sys
import threading

from moto.server import ThreadedMotoServer


def main() -> None:
    port = int(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SANDBOX_PORT", "5005"))
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    print(f"AWS sandbox (moto) on http://127.0.0.1:{port}", flush=True)

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    stop.wait()
    server.stop()


if __name__ == "__main__":
    main()
