"""The CLI accepts every JSON design the API accepts: the same document, written the ways JSON may be written
(surrogate-pair escapes for emoji, as `design --format json` writes them; tab indentation; no whitespace at all;
CRLF line ends; raw UTF-8), is saved by `POST /api/designs` (201) and rendered by `python -m generators render`."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from generators.cli import main
from tests.portal.conftest import People
from tests.portal.test_api import bearer, make_token

STYLES = {
    "surrogate-pair escapes (ensure_ascii)": lambda d: json.dumps(d, indent=2, ensure_ascii=True),
    "tab indentation": lambda d: json.dumps(d, indent="\t", ensure_ascii=False),
    "compact": lambda d: json.dumps(d, separators=(",", ":"), ensure_ascii=False),
    "CRLF line ends": lambda d: json.dumps(d, indent=1, ensure_ascii=False).replace("\n", "\r\n"),
    "raw UTF-8 with a trailing newline": lambda d: json.dumps(d, ensure_ascii=False) + "\n",
}


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The CLI's own `design --format json` output, with an emoji and accents in the descriptions."""
    out = tmp_path_factory.mktemp("design") / "design.json"
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["design", "api", "--name", "shop", "--format", "json",
                     "--description", "Café orders 😀 and refunds"]) == 0
    out.write_text(buffer.getvalue(), encoding="utf-8")
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    assert "\\ud83d\\ude00" in buffer.getvalue()  # the CLI writes the emoji as a surrogate pair
    data["components"][0]["description"] = "Ünïcode 🚀 handler"
    return data


@pytest.mark.parametrize("style", list(STYLES))
def test_the_cli_renders_what_the_api_saves(style: str, document: dict[str, Any], people: People,
                                            tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = STYLES[style](document)
    body = '{"name": "shop", "document": ' + text + "}"
    response = Client().post("/api/designs", body.encode("utf-8"), content_type="application/json",
                             **bearer(make_token(people, people.erin)))
    assert response.status_code == 201, response.content[:500]

    path = tmp_path / "design.json"
    path.write_bytes(text.encode("utf-8"))
    code = main(["render", str(path), "--out", str(tmp_path / "out.zip")])
    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "out.zip").stat().st_size > 1000
