from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from dotenv import dotenv_values

from designer.env import database_config, env_bool, env_int, env_list, env_secret, secret_key

PROJECT_ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------- DATABASE_URL


def test_a_postgres_url_becomes_a_postgresql_database_with_a_connect_timeout() -> None:
    config = database_config("postgres://alice:s3cret@db.internal:6543/designer", conn_max_age=60)

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("designer", "alice", "s3cret")
    assert (config["HOST"], config["PORT"]) == ("db.internal", 6543)
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True
    assert config["OPTIONS"]["connect_timeout"] == 5


def test_options_in_the_url_query_win_over_our_defaults() -> None:
    config = database_config("postgresql://postgres@127.0.0.1:5432/test?connect_timeout=12")

    assert config["OPTIONS"]["connect_timeout"] == 12


def test_a_sqlite_url_becomes_a_sqlite_file_in_wal_mode_with_immediate_transactions(tmp_path: Path) -> None:
    config = database_config(f"sqlite:///{tmp_path / 'db.sqlite3'}")

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_an_unknown_database_scheme_is_refused_without_echoing_the_password() -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL") as raised:
        database_config("oracle-ish://bob:hunter2@db:1/x")

    assert "hunter2" not in str(raised.value)
    assert "bob:***@db:1/x" in str(raised.value)


# ---------------------------------------------------------------- typed readers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("1", True), ("Yes", True), ("on", True), ("false", False), ("0", False), ("No", False)],
)
def test_a_boolean_knob_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("SOME_FLAG", raw)

    assert env_bool("SOME_FLAG", not expected) is expected


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_blank_value_means_the_default(monkeypatch: pytest.MonkeyPatch, blank: str) -> None:
    for name in ("SOME_FLAG", "SOME_NUMBER", "SOME_LIST", "SECRET_KEY"):
        monkeypatch.setenv(name, blank)

    assert env_bool("SOME_FLAG", True) is True
    assert env_int("SOME_NUMBER", 7) == 7
    assert env_list("SOME_LIST", ["a"]) == ["a"]
    assert env_secret("SECRET_KEY") is None


def test_a_boolean_knob_with_another_value_fails_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "maybe")

    with pytest.raises(ImproperlyConfigured, match=r"DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG", True)


def test_an_integer_knob_rejects_words_and_values_below_its_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SANDBOX_PORT", "five")
    with pytest.raises(ImproperlyConfigured, match="SANDBOX_PORT='five' is not an integer"):
        env_int("SANDBOX_PORT", 5005)

    monkeypatch.setenv("SANDBOX_PORT", "0")
    with pytest.raises(ImproperlyConfigured, match="SANDBOX_PORT=0 is below the minimum 1"):
        env_int("SANDBOX_PORT", 5005, minimum=1)


def test_a_list_knob_splits_on_commas_and_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", " designer.example.com, ,127.0.0.1 ")

    assert env_list("ALLOWED_HOSTS", []) == ["designer.example.com", "127.0.0.1"]


# ---------------------------------------------------------------- SECRET_KEY


@pytest.fixture
def no_secret_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)


@pytest.mark.usefixtures("no_secret_in_env")
def test_without_debug_a_secret_key_must_be_given(tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        secret_key(debug=False, fallback_path=tmp_path / "secret_key")

    assert not (tmp_path / "secret_key").exists()


@pytest.mark.usefixtures("no_secret_in_env")
def test_the_secret_key_can_come_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "key").write_text("from-a-mounted-secret\n")
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "key"))

    assert secret_key(debug=False, fallback_path=tmp_path / "unused") == "from-a-mounted-secret"


def test_setting_both_secret_key_and_its_file_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SECRET_KEY", "a")
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "key"))

    with pytest.raises(ImproperlyConfigured, match="either SECRET_KEY or SECRET_KEY_FILE"):
        secret_key(debug=True, fallback_path=tmp_path / "unused")


@pytest.mark.usefixtures("no_secret_in_env")
def test_with_debug_a_private_key_is_generated_once_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"

    first = secret_key(debug=True, fallback_path=path)
    second = secret_key(debug=True, fallback_path=path)

    assert first == second
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


# ---------------------------------------------------------------- the settings module as a whole


def _settings_in_a_fresh_process(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Load designer.settings in a new interpreter with exactly these variables (plus PATH)."""
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps({'db': settings.DATABASES['default'], 'broker': settings.CELERY_BROKER_URL, "
        "'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS, 'key': settings.SECRET_KEY}, default=str))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "designer.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_team_install_reads_every_service_from_the_environment(tmp_path: Path) -> None:
    (tmp_path / "key").write_text("k" * 60)
    result = _settings_in_a_fresh_process(
        {
            "VAR_DIR": str(tmp_path / "var"),
            "DEBUG": "false",
            "SECRET_KEY_FILE": str(tmp_path / "key"),
            "ALLOWED_HOSTS": "designer.example.com",
            "DATABASE_URL": "postgres://app@db.example.com:5432/designer",
            "CELERY_BROKER_URL": "redis://cache.example.com:6379/2",
        }
    )

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["db"]["ENGINE"] == "django.db.backends.postgresql"
    assert (loaded["db"]["HOST"], loaded["db"]["NAME"]) == ("db.example.com", "designer")
    assert loaded["broker"] == "redis://cache.example.com:6379/2"
    assert (loaded["debug"], loaded["hosts"], loaded["key"]) == (False, ["designer.example.com"], "k" * 60)
    assert not (tmp_path / "var" / "celery").exists()  # the filesystem broker's folders only when it is used


def test_the_embedded_defaults_keep_every_file_under_var(tmp_path: Path) -> None:
    result = _settings_in_a_fresh_process({"VAR_DIR": str(tmp_path / "var")})

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["db"]["NAME"] == str(tmp_path / "var" / "db.sqlite3")
    assert loaded["broker"] == "filesystem://"
    assert loaded["debug"] is True
    assert (tmp_path / "var" / "secret_key").read_text().strip() == loaded["key"]
    for folder in ("queue", "processed", "control"):
        assert (tmp_path / "var" / "celery" / folder).is_dir()


def test_a_bad_value_stops_start_up_with_a_message_naming_the_variable(tmp_path: Path) -> None:
    result = _settings_in_a_fresh_process({"VAR_DIR": str(tmp_path / "var"), "LOG_LEVEL": "LOUD"})

    assert result.returncode != 0
    assert "LOG_LEVEL='LOUD' is not allowed; use one of: DEBUG, INFO" in result.stderr


def test_env_example_lists_every_knob_that_settings_read() -> None:
    source = (PROJECT_ROOT / "designer" / "settings.py").read_text()
    read_by_settings = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', source)) | {"SECRET_KEY", "SECRET_KEY_FILE"}
    listed = set(dotenv_values(PROJECT_ROOT / ".env.example"))

    assert read_by_settings - listed == set()
    assert {"PORT", "SANDBOX_PORT"} <= listed  # read by `make run`


def test_env_example_copied_as_it_is_gives_the_embedded_defaults(tmp_path: Path) -> None:
    example = {key: value or "" for key, value in dotenv_values(PROJECT_ROOT / ".env.example").items()}
    result = _settings_in_a_fresh_process({**example, "VAR_DIR": str(tmp_path / "var")})

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["db"]["NAME"] == str(tmp_path / "var" / "db.sqlite3")
    assert (loaded["broker"], loaded["debug"]) == ("filesystem://", True)
