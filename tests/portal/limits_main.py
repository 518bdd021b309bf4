"""One web process for the shared-limit tests (`python -m tests.portal.limits_main login|api NAME COUNT`):
makes COUNT sign-in attempts with a wrong password for NAME, or COUNT API calls with the token NAME, through
Django's test client in this process, and prints the status codes as JSON. Its database and cache come from
the environment the test gives it."""

from __future__ import annotations

import json
import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "designer.settings")
    django.setup()
    from django.test import Client

    mode, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    client = Client()
    if mode == "login":
        codes = [client.post("/accounts/login/", {"username": name, "password": "wrong"}).status_code
                 for _ in range(count)]
    else:
        codes = [client.get("/api/designs", HTTP_AUTHORIZATION=f"Bearer {name}").status_code for _ in range(count)]
    print(json.dumps(codes))


if __name__ == "__main__":
    main()
