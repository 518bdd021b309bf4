"""Walk the wizard as a new user would, for each of the six project types, in real Chromium: choose the type,
change options (with one bad value first), change project settings, apply a fix, edit a component from the
diagram, preview a file, download the zip and check it, save the design. A marker set on the first page must
survive to the end: no step needs a full page reload."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from apps.designs.models import Design
from apps.teams.services import team_create
from tests.web.browser.conftest import ARTIFACTS, HTMX_IDLE

pytestmark = pytest.mark.django_db(transaction=True)

# type -> (option field, value to pick or type, a component name the diagram must then show)
OPTION_CHANGES: dict[str, tuple[str, str, str]] = {
    "api": ("handler_style", "function-per-route", "items-create"),
    "event-processor": ("source", "kinesis", "input-stream"),
    "fan-out": ("channel", "eventbridge", "EventBridge bus"),
    "workflow": ("trigger", "schedule", "Scheduler"),
    "scheduled-job": ("target", "table", "DynamoDB table"),
    "web-app": ("price_class", "PriceClass_All", "price class All"),
}
# type -> (field to get wrong first, its allowed range, a good value)
BAD_VALUE = {"api": ("#f-memory_mb", "128 to 10240", "1024"), "event-processor": ("#f-timeout_s", "1 to 900", "60"),
             "fan-out": ("#f-consumers-0-memory_mb", "128 to 10240", "1024"),
             "workflow": ("#f-steps-0-timeout_s", "1 to 900", "60"),
             "scheduled-job": ("#f-timeout_s", "1 to 900", "60"), "web-app": ("#f-timeout_s", "1 to 900", "10")}
FIRST_FUNCTION = {"api": "items-list", "event-processor": "processor", "fan-out": "publisher",
                  "workflow": "validate", "scheduled-job": "job", "web-app": "router"}


class Walk:
    def __init__(self, page: Any, base: str, kind: str) -> None:
        self.page, self.base, self.kind = page, base, kind
        self.folder = ARTIFACTS / kind
        self.folder.mkdir(parents=True, exist_ok=True)
        self.shots = 0

    def shot(self, name: str) -> None:
        self.shots += 1
        self.page.screenshot(path=str(self.folder / f"{self.shots:02d}-{name}.png"), full_page=True)

    def idle(self) -> None:
        self.page.wait_for_selector(HTMX_IDLE, state="attached")

    def still_the_same_document(self) -> bool:
        return bool(self.page.evaluate("window.__noReload === true"))


def _sign_in(page: Any, base: str) -> None:
    page.goto(f"{base}/designs/new/")
    page.fill("#id_username", "newcomer")
    page.fill("#id_password", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_selector("#type-cards")


@pytest.mark.parametrize("kind", list(OPTION_CHANGES))
def test_a_new_user_designs_and_downloads_each_project_type(page: Any, live_server: Any, kind: str) -> None:
    user = User.objects.create_user("newcomer", password="a-long-test-password")
    team_create(name="platform", owner=user)
    # 127.0.0.1, not localhost: Chromium would try ::1 first, where the live server does not listen
    walk = Walk(page, live_server.url.replace("localhost", "127.0.0.1"), kind)

    _sign_in(page, walk.base)
    page.evaluate("window.__noReload = true")
    walk.shot("project-types")

    # step 1 -> 2
    page.click(f"li[data-type='{kind}'] button[type=submit]")
    page.wait_for_selector("#options-form")
    walk.idle()
    walk.shot("options")

    # a bad value shows an inline error naming the field and its range; the draft keeps its last good state
    selector, allowed, good = BAD_VALUE[kind]
    page.fill(selector, "99999")
    page.keyboard.press("Tab")
    page.wait_for_selector(".field-error")
    walk.idle()
    assert f"99999 is out of range; allowed: {allowed}" in page.inner_text("#options-form")
    walk.shot("options-error")
    page.fill(selector, good)
    page.keyboard.press("Tab")
    page.wait_for_selector(".field-error", state="detached")
    walk.idle()

    # an option change redraws the diagram in place
    field, value, expect = OPTION_CHANGES[kind]
    page.select_option(f"#f-{field}", value)
    page.wait_for_function("text => document.querySelector('#diagram').textContent.includes(text)", arg=expect)
    walk.idle()
    walk.shot("options-changed")

    # step 3: x86_64 makes the advisor suggest arm64 (FN-07) with a fix
    page.click("button[name=_next]")
    page.wait_for_selector("#project-form")
    walk.idle()
    page.fill("#f-name", f"shop-{kind}")
    page.select_option("#f-architecture", "x86_64")
    page.wait_for_selector("#findings-panel [data-rule='FN-07'] button.fix")
    walk.idle()
    walk.shot("project-x86-finding")
    before = page.locator("#findings-panel [data-rule='FN-07']").count()
    page.locator("#findings-panel [data-rule='FN-07'] button.fix").first.click()
    page.wait_for_function(
        "n => document.querySelectorAll(\"#findings-panel [data-rule='FN-07']\").length === n - 1", arg=before)
    walk.idle()
    assert "Applied the fix for FN-07" in page.inner_text("#wizard-messages")
    walk.shot("fix-applied")

    # components: open one from the diagram and change its memory
    page.click("button[name=_next]")
    page.wait_for_selector("#component-list")
    walk.idle()
    function = FIRST_FUNCTION[kind] if kind != "api" else "items-list"
    page.click(f"#diagram [data-component='{function}']")
    page.wait_for_selector("#component-editor form")
    walk.idle()
    page.fill("#component-editor #f-memory_mb", "1536")
    page.click("#component-editor button:has-text('Save settings')")
    page.wait_for_function(
        "name => [...document.querySelectorAll('#diagram [data-component]')].some("
        "g => g.dataset.component === name && g.textContent.includes('1536 MB'))", arg=function)
    walk.idle()
    walk.shot("component-edited")

    # review: preview a file, download the zip
    page.click("#component-list a.button.primary")
    page.wait_for_selector("#file-preview")
    walk.idle()
    page.click(".file-tree a[title^='README.md']")
    page.wait_for_function("document.querySelector('#file-preview h3').textContent.includes('README.md')")
    walk.idle()
    walk.shot("review")
    with page.expect_download() as download_info:
        page.click("#download")
    archive = Path(download_info.value.path()).read_bytes()
    _check_zip(archive, f"shop-{kind}", function, lint=kind == "api")

    # save the design
    page.fill("#f-save-message", "first version from the browser test")
    page.click("#save")
    page.wait_for_selector("#revision-actions")
    walk.shot("saved")
    assert Design.objects.get().current_revision.number == 1  # type: ignore[union-attr]
    assert walk.still_the_same_document(), "a step reloaded the whole page"


def _check_zip(archive: bytes, project: str, function: str, *, lint: bool) -> None:
    """The zip holds the project with the browser's changes; its template passes the SAM transform, and (for one
    type, to keep the suite fast: the engine's matrix lints every variant) cfn-lint with no problem at all."""
    from cfnlint.decode.cfn_yaml import loads as cfn_yaml_loads

    from generators.model.names import pascal
    from tests.engine.validators import cfn_lint_problems, sam_transform

    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        names = set(zipped.namelist())
        for expected in ("template.yaml", "samconfig.toml", "README.md", ".github/workflows/ci.yml"):
            assert f"{project}/{expected}" in names
        assert any(name.startswith(f"{project}/tests/") for name in names)
        template = zipped.read(f"{project}/template.yaml").decode()
        resource = cfn_yaml_loads(template)["Resources"][pascal(function)]["Properties"]
        assert resource["MemorySize"] == 1536  # the component edit reached the generated project
        assert resource["Architectures"] == ["arm64"]  # and so did the fix, on a project defaulting to x86_64
        readme = zipped.read(f"{project}/README.md").decode()
        assert "```mermaid" in readme
        if "Cdn" in cfn_yaml_loads(template)["Resources"]:  # a web app ships its front end and the upload script
            assert {f"{project}/frontend/index.html", f"{project}/scripts/deploy-frontend.sh"} <= names
            assert "scripts/deploy-frontend.sh" in readme
    transformed = sam_transform(template)
    assert pascal(function) in transformed["Resources"]
    if lint:
        assert cfn_lint_problems(transformed) == []
