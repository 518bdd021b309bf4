"""Compose a design from blank in real Chromium with the keyboard only (issue 12): every component added from
the palette, every connection kind made with focus, `c`, focus, Enter; then the project is downloaded and
validated (SAM transform, cfn-lint, and the generated Python project's own checks)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from apps.designs.models import Draft
from apps.designs.services import draft_workspace
from apps.teams.services import team_create
from generators.catalog import CONNECTIONS
from tests.engine.editing.all_connections import COMPONENTS
from tests.engine.editing.all_connections import CONNECTIONS as CONNECTIONS_MADE
from tests.web.browser.conftest import ARTIFACTS, HTMX_IDLE

pytestmark = pytest.mark.django_db(transaction=True)

def idle(page: Any) -> None:
    page.wait_for_selector(HTMX_IDLE, state="attached")


def test_a_design_with_every_connection_kind_is_composed_from_blank_with_the_keyboard(page: Any,
                                                                                     live_server: Any) -> None:
    assert {kind for _, kind, _ in CONNECTIONS_MADE} == set(CONNECTIONS)
    user = User.objects.create_user("composer", password="a-long-test-password")
    team_create(name="platform", owner=user)
    base = live_server.url.replace("localhost", "127.0.0.1")
    folder = ARTIFACTS / "compose"
    folder.mkdir(parents=True, exist_ok=True)

    page.goto(f"{base}/designs/new/")
    page.fill("#id_username", "composer")
    page.fill("#id_password", "a-long-test-password")
    page.keyboard.press("Enter")
    page.wait_for_selector("#type-cards")
    page.focus("li[data-type='blank'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#blank-note")
    idle(page)
    page.screenshot(path=str(folder / "01-blank.png"), full_page=True)

    for kind, name in COMPONENTS:
        page.focus(f"li.palette-item[data-kind='{kind}'] a")
        page.keyboard.press("Enter")
        page.wait_for_selector("#add-name:focus")
        idle(page)
        page.keyboard.type(name)
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#node-{name}")
        idle(page)

    # a pair that cannot connect says why, and offers nothing
    page.focus("#node-orders")
    page.keyboard.press("c")
    page.focus("#node-jobs")
    page.keyboard.press("Enter")
    page.wait_for_selector("#connect-chooser")
    idle(page)
    assert "cannot connect to a" in page.inner_text("#connect-chooser")
    assert page.locator("#connect-chooser .connect-button").count() == 0

    for source, kind, target in CONNECTIONS_MADE:
        page.focus(f"#node-{source}")
        page.keyboard.press("c")
        page.focus(f"#node-{target}")
        page.keyboard.press("Enter")
        page.wait_for_selector("#connect-chooser .connect-button:focus")
        idle(page)
        offered = page.locator("#connect-chooser .connect-button").evaluate_all("bs => bs.map(b => b.dataset.kind)")
        assert kind in offered
        page.focus(f"#connect-chooser .connect-button[data-kind='{kind}']")
        page.keyboard.press("Enter")
        page.wait_for_selector("#connect-chooser", state="detached")
        idle(page)
        assert f"{source} -{kind}-> {target}" in page.inner_text(f"#node-{source}")
        assert page.locator("#compose-area [role=alert]").count() == 0

    page.screenshot(path=str(folder / "02-composed.png"), full_page=True)
    assert "IAM actions" in page.inner_text("#change-summary")
    for width in (1280, 1920):
        page.set_viewport_size({"width": width, "height": 1000})
        page.screenshot(path=str(folder / f"03-composed-{width}.png"), full_page=True)

    draft = Draft.objects.get()
    design = draft_workspace(draft=draft).design
    assert design is not None
    assert {(c.source, c.kind, c.target) for c in design.connections} == set(CONNECTIONS_MADE)
    assert design.component("api").auth == "jwt"  # type: ignore[union-attr]

    page.goto(f"{base}/drafts/{draft.pk}/review")
    page.wait_for_selector("#download")
    # the advisor blocks a 30 s function behind API Gateway (29 s): apply its fix, with the keyboard too
    page.focus("#findings-panel [data-rule='API-08'] button.fix")
    page.keyboard.press("Enter")
    page.wait_for_selector("#findings-panel [data-rule='API-08']", state="detached")
    idle(page)
    href = page.get_attribute("#download", "href")
    response = page.request.get(f"{base}{href}")  # the browser's session: what the link downloads
    assert response.status == 200, response.text()[:500]
    assert response.headers["content-type"] == "application/zip"
    _validate(response.body(), design.project.name, folder)


def _validate(archive: bytes, project: str, folder: Path) -> None:
    from tests.engine.projects import check_python_project
    from tests.engine.validators import cfn_lint_problems, sam_transform

    target = folder / "project"
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        zipped.extractall(target)
    root = target / project
    transformed = sam_transform((root / "template.yaml").read_text())
    assert cfn_lint_problems(transformed) == []
    assert check_python_project(root) == []
