"""Security: a production configuration passes `manage.py check --deploy`; pages carry CSP (own scripts only),
HSTS and secure cookies; no template has inline script; every form needs its CSRF token; sign-in is rate limited;
secrets do not reach the logs."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from designer.security import CONTENT_SECURITY_POLICY, RedactSecretsFilter, redact
from tests.portal.conftest import People
from tests.portal.test_permission_matrix import CASES, World
from tests.portal.test_permission_matrix import world as world

ROOT = Path(__file__).resolve().parents[2]


def test_a_production_configuration_passes_django_deploy_checks(tmp_path: Path) -> None:
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "designer.settings", "DEBUG": "false",
           "SECRET_KEY": "x7" * 30 + "-production-key-from-the-environment", "ALLOWED_HOSTS": "designer.example.com",
           "VAR_DIR": str(tmp_path / "var")}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_pages_allow_only_our_own_scripts_and_cannot_be_framed(people: People) -> None:
    client = Client()
    client.force_login(people.alice)

    response = client.get(reverse("design-list"))

    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert '<script src="/static/django_htmx/' in response.content.decode() or "htmx" in response.content.decode()


def test_with_https_settings_the_site_sends_hsts_and_secure_cookies(people: People, settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client = Client()

    response = client.post(reverse("login"), {"username": "alice", "password": "alice-secret-1"}, secure=True)

    assert response.status_code == 302
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    session = response.cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"


TEMPLATE_DIRS = [ROOT / "templates", *(ROOT / "apps").glob("*/templates")]
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler (on…=)"),
    (re.compile(r"\sstyle\s*=", re.I), "an inline style attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
    (re.compile(r"\shx-on", re.I), "hx-on (evaluated script)"),
]


def test_no_template_has_inline_script_handlers_or_styles() -> None:
    found = []
    templates = [p for folder in TEMPLATE_DIRS for p in folder.rglob("*.html")]
    assert len(templates) > 20
    for path in templates:
        text = path.read_text()
        for pattern, what in INLINE:
            if pattern.search(text):
                found.append(f"{path.relative_to(ROOT)}: {what}")
    assert found == []


def test_every_form_post_is_refused_without_its_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.people.alice)
    refused = []
    for case in CASES:
        if case.method != "post":
            continue
        world.me = "alice"
        response = client.post(case.url(world), case.data(world) if case.data else {})
        refused.append((case.name, response.status_code))
    assert refused
    assert all(code == 403 for _, code in refused), refused


def test_sign_in_is_locked_after_repeated_failures_even_with_the_right_password(people: People,
                                                                                  settings: Any) -> None:
    cache.clear()
    settings.LOGIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(3):
        assert client.post(reverse("login"), {"username": "bob", "password": "wrong"}).status_code == 200

    locked = client.post(reverse("login"), {"username": "bob", "password": "bob-secret-1"})

    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    cache.clear()
    assert client.post(reverse("login"), {"username": "bob", "password": "bob-secret-1"}).status_code == 302


def test_tokens_passwords_and_keys_are_redacted_from_log_messages(settings: Any) -> None:
    token = "sdp_0123456789ab_" + "S" * 43
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "called with %s and password=%s", (token, "hunter2"),
                               None)

    RedactSecretsFilter().filter(record)

    message = record.getMessage()
    assert token not in message
    assert "hunter2" not in message
    assert "sdp_0123456789ab_…[redacted]" in message
    assert redact("postgres://app:s3cret@db/x") == "postgres://app:***@db/x"
    assert redact(f"key {settings.SECRET_KEY}") == "key [redacted SECRET_KEY]"
    assert "redact_secrets" in settings.LOGGING["handlers"]["console"]["filters"]


def test_the_plaintext_token_is_never_logged(people: People, caplog: pytest.LogCaptureFixture) -> None:
    from apps.api.tokens import token_create

    caplog.set_level(logging.DEBUG)
    new = token_create(membership=people.membership(people.erin), name="ci", scopes=["read"])
    Client().get("/api/designs", HTTP_AUTHORIZATION=f"Bearer {new.plaintext}")
    Client().get("/api/designs", HTTP_AUTHORIZATION=f"Bearer {new.plaintext}x")

    assert new.plaintext not in caplog.text
    assert new.plaintext[:-4] not in caplog.text


def test_a_user_who_never_signed_in_is_sent_to_sign_in_from_every_page(db: Any) -> None:
    assert Client().get(reverse("audit-list")).status_code == 302
    assert Client().get(reverse("token-list")).status_code == 302
    assert User.objects.count() == 0
