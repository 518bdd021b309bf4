from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.test import Client
from django.utils.html import escape

from generators.blueprints import BLUEPRINTS

SIX_PROJECT_TYPES = ("api", "event-processor", "fan-out", "workflow", "scheduled-job", "web-app")


def test_the_engine_registers_exactly_the_six_project_types() -> None:
    assert sorted(BLUEPRINTS) == sorted(SIX_PROJECT_TYPES)


def test_the_home_page_lists_every_project_type_with_its_title_and_summary(admin_client: Client) -> None:
    response = admin_client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    for name in SIX_PROJECT_TYPES:
        blueprint = BLUEPRINTS[name]
        assert f'data-type="{name}"' in page
        assert escape(blueprint.title) in page
        assert escape(blueprint.summary) in page


def test_the_home_page_loads_htmx_from_this_server_not_a_cdn(admin_client: Client) -> None:
    page = admin_client.get("/").content.decode()

    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert "/static/django_htmx/htmx-2.min.js" in scripts
    for src in scripts:
        assert src.startswith("/static/")
        assert finders.find(src.removeprefix("/static/")) is not None, f"{src} is not a static file we ship"
