"""The Content-Security-Policy enforced by real Chromium: signing in, the wizard's htmx steps (an option change
redraws the diagram without a reload), the review, history, audit and policy pages all work with no script, style
or eval blocked. No evaluated-string probes here (the policy forbids them): only selectors and clicks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User

from apps.teams.services import team_create
from tests.web.browser.conftest import HTMX_IDLE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def strict_page(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda message: problems.append(f"console: {message.text}")
            if message.type in ("error", "warning") else None)
    yield page, problems
    context.close()


def test_the_pages_and_htmx_steps_work_under_the_content_security_policy_with_no_console_error(
        live_server: Any, strict_page: tuple[Any, list[str]]) -> None:
    """Any console error or warning fails the test: a blocked inline style or script, a missing favicon, a
    failed request, an exception in diagram.js."""
    page, problems = strict_page
    user = User.objects.create_user("strict", password="a-long-test-password")
    team_create(name="strict team", owner=user)
    base = live_server.url.replace("localhost", "127.0.0.1")

    page.goto(f"{base}/designs/new/")
    page.fill("#id_username", "strict")
    page.fill("#id_password", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_selector("#type-cards")
    page.click("button[value=event-processor]")
    page.wait_for_selector("#options-form")
    page.wait_for_selector(HTMX_IDLE, state="attached")  # the swapped-in form is wired up by htmx
    page.select_option("select[name=source]", "kinesis")
    page.wait_for_selector("#diagram [data-component=input-stream]")  # htmx swapped the diagram in place
    page.wait_for_selector("#diagram.diagram-ready .diagram-toolbar")  # and diagram.js set the new one up
    page.wait_for_selector(HTMX_IDLE, state="attached")
    page.fill("#f-timeout_s", "99999")  # an error swapped in
    page.keyboard.press("Tab")
    page.wait_for_selector(".field-error")
    page.wait_for_selector(HTMX_IDLE, state="attached")
    page.fill("#f-timeout_s", "60")
    page.keyboard.press("Tab")
    page.wait_for_selector(".field-error", state="detached")
    page.wait_for_selector(HTMX_IDLE, state="attached")
    page.click("[data-diagram-action=in]")
    page.click("[data-diagram-action=fit]")

    page.click("button[name=_next]")
    page.wait_for_selector("#project-form")
    page.wait_for_selector(HTMX_IDLE, state="attached")
    page.click("button[name=_next]")
    page.wait_for_selector("#component-list")
    page.wait_for_selector(HTMX_IDLE, state="attached")
    page.click("#diagram [data-component=processor]")
    page.wait_for_selector("#component-editor form")
    page.wait_for_selector(HTMX_IDLE, state="attached")
    page.fill("#component-editor #f-memory_mb", "1536")
    page.click("#component-editor button:has-text('Save settings')")
    page.wait_for_selector("#diagram [data-component=processor]:has-text('1536 MB')")
    page.wait_for_selector(HTMX_IDLE, state="attached")
    page.click("#component-list a.button.primary")
    page.wait_for_selector("#file-preview")
    page.wait_for_selector(HTMX_IDLE, state="attached")
    page.click(".file-tree a[title^='README.md']")
    page.wait_for_selector("#file-preview h3:has-text('README.md')")
    page.wait_for_selector(HTMX_IDLE, state="attached")

    for path in ("/designs/", "/policy/", "/audit/", "/tokens/", "/team/members/", "/targets/"):
        response = page.goto(f"{base}{path}")
        assert response is not None, path
        assert response.status == 200, path
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")

    assert problems == []
