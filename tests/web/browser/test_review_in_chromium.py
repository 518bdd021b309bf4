"""The review step in real Chromium at 1280 and 1920 px: the code preview has room (it was squeezed to ~280 px
beside the panels), and the file tree marks the file just chosen, and only that one."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from apps.designs.models import Draft
from apps.teams.services import team_create
from tests.web.browser.conftest import ARTIFACTS, HTMX_IDLE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 1920])
def test_the_review_preview_is_wide_and_the_tree_marks_the_chosen_file(page: Any, live_server: Any,
                                                                      width: int) -> None:
    user = User.objects.create_user("reviewer", password="a-long-test-password")
    team = team_create(name="platform", owner=user)
    draft = Draft.objects.create(team=team, created_by=user, blueprint="api", project={"name": "shop"})
    base = live_server.url.replace("localhost", "127.0.0.1")
    page.set_viewport_size({"width": width, "height": 1000})
    page.goto(f"{base}/drafts/{draft.pk}/review")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_selector("#file-preview")
    page.wait_for_selector(HTMX_IDLE, state="attached")

    preview = page.locator("#file-preview").bounding_box()
    assert preview["width"] >= 0.5 * width, f"the preview is {preview['width']:.0f} px wide at {width} px"
    assert preview["x"] + preview["width"] <= width

    first = page.locator(".file-tree li.selected a").get_attribute("title")
    page.click(".file-tree a[title^='README.md']")
    page.wait_for_selector("#file-preview h3:has-text('README.md')")
    selected = page.locator(".file-tree li.selected a")
    assert selected.count() == 1
    assert selected.get_attribute("title").startswith("README.md")
    assert selected.get_attribute("aria-current") == "true"
    assert not first.startswith("README.md")
    page.screenshot(path=str(ARTIFACTS / f"review-{width}.png"), full_page=True)
