"""The wizard's diagram in real Chromium (static/js/diagram.js): it fits its own column at 1280 px for designs of 1
to 200 components, zooms (buttons, wheel, keys) and pans (drag, arrow keys), brings a component reached by Tab into
view, highlights the selected one while its editor opens beside the diagram, and exports SVG and PNG files that
hold the whole drawing."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from apps.designs.models import Draft
from apps.teams.models import Membership
from apps.teams.services import team_create
from generators.blueprints import BLUEPRINTS, ProjectOptions
from generators.model.io import design_from_data, design_to_data
from tests.portal.conftest import save_design, save_revision
from tests.web.browser.conftest import ARTIFACTS, HTMX_IDLE

pytestmark = pytest.mark.django_db(transaction=True)
SVG_NS = "{http://www.w3.org/2000/svg}"


def _document(size: str) -> dict[str, Any]:
    """A design document: one function, the HTTP API blueprint (whose table fell outside the panel at 1440 px
    before), or an API with a function per route plus queue -> worker pairs, about 60 or 200 components."""
    if size == "one":
        return {"project": {"name": "solo"}, "components": [{"kind": "function", "name": "only"}], "connections": []}
    if size == "api":
        return design_to_data(BLUEPRINTS["api"].build(ProjectOptions(name="shop"), {}))
    resources, queues = {"sixty": (10, 4), "two-hundred": (20, 48)}[size]
    design = BLUEPRINTS["api"].build(ProjectOptions(name="shop"), {
        "handler_style": "function-per-route", "resources": [{"name": f"res{i}"} for i in range(resources)]})
    data = design_to_data(design)
    for i in range(queues):
        data["components"] += [{"kind": "queue", "name": f"jobs{i}"}, {"kind": "function", "name": f"worker{i}"}]
        data["connections"] += [{"kind": "triggers", "source": f"jobs{i}", "target": f"worker{i}"},
                                {"kind": "writes", "source": f"worker{i}", "target": "data-table"}]
    return design_to_data(design_from_data(data))


def _open(page: Any, live_server: Any, size: str, width: int = 1280) -> tuple[str, int]:
    user = User.objects.create_user("viewer", password="a-long-test-password")
    team = team_create(name="platform", owner=user)
    document = _document(size)
    draft = Draft.objects.create(team=team, created_by=user, blueprint="", base_document=document)
    base = live_server.url.replace("localhost", "127.0.0.1")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/drafts/{draft.pk}/components")
    page.fill("#id_username", "viewer")
    page.fill("#id_password", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_selector("#diagram.diagram-ready")
    page.wait_for_selector(HTMX_IDLE, state="attached")
    return base, len(document["components"])


def _outside(page: Any, *, sides_only: bool = False) -> list[str]:
    """Names of the components whose box is not wholly inside the diagram's visible stage (or, `sides_only`,
    that stick out left or right of it)."""
    return list(page.evaluate("""sidesOnly => {
        const stage = document.querySelector('#diagram .diagram-stage').getBoundingClientRect();
        return [...document.querySelectorAll('#diagram [data-component]')].filter(node => {
            const r = node.querySelector('rect').getBoundingClientRect();
            return r.left < stage.left - 0.5 || r.right > stage.right + 0.5
                || (!sidesOnly && (r.top < stage.top - 0.5 || r.bottom > stage.bottom + 0.5));
        }).map(node => node.dataset.component);
    }""", sides_only))


def _scale(page: Any) -> float:
    return float(page.get_attribute("#diagram", "data-scale"))


def _view_box(page: Any) -> list[float]:
    return [float(n) for n in page.get_attribute("#diagram svg", "viewBox").split()]


@pytest.mark.parametrize(
    ("size", "width", "whole"),
    [("one", 1280, True), ("api", 1280, True), ("api", 1440, True), ("sixty", 1280, False),
     ("sixty", 1920, False), ("two-hundred", 1280, False)],
)
def test_the_diagram_fits_its_column_readably_and_fit_shows_it_all(page: Any, live_server: Any, size: str,
                                                                   width: int, whole: bool) -> None:
    """Small designs are shown whole; a design too tall to show whole at a readable size (60 components) first
    fits its width, never cut off at the sides; the Fit button shows every component at once."""
    _, count = _open(page, live_server, size, width)
    assert page.locator("#diagram [data-component]").count() == count
    stage = page.locator("#diagram .diagram-stage").bounding_box()
    assert stage["x"] + stage["width"] <= width  # the panel itself is not cut off by the window
    assert stage["width"] >= 0.45 * width, "the diagram's own column leaves it room"
    first = _scale(page)
    assert _outside(page, sides_only=True) == []
    assert (_outside(page) == []) is whole
    if size == "one":
        assert first <= 1.25  # a tiny design is not blown up
    else:
        assert first >= 0.6, "the first view is too small to read"
    page.screenshot(path=str(ARTIFACTS / f"diagram-{size}-{width}.png"))

    page.click("[data-diagram-action=fit]")
    assert _outside(page) == []
    print(f"{size} at {width} px: {count} components, stage {stage['width']:.0f}x{stage['height']:.0f} px, "
          f"first view at {first:.2f}, whole at {_scale(page):.2f}")


def test_zoom_and_pan_by_buttons_wheel_keys_and_drag(page: Any, live_server: Any) -> None:
    _open(page, live_server, "sixty")
    first = _scale(page)

    page.click("[data-diagram-action=in]")
    assert _scale(page) == pytest.approx(first * 1.25, rel=0.01)
    page.click("[data-diagram-action=actual]")
    assert _scale(page) == pytest.approx(1.0)
    assert "100%" in page.inner_text(".diagram-zoom-level")
    assert _outside(page) != []  # at full size sixty components do not fit: now panning matters

    page.focus("#diagram .diagram-stage")
    before = _view_box(page)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    after = _view_box(page)
    assert after[0] > before[0]
    assert after[1] > before[1]
    page.keyboard.press("-")
    assert _scale(page) == pytest.approx(0.8, rel=0.01)
    page.keyboard.press("+")
    assert _scale(page) == pytest.approx(1.0, rel=0.01)

    stage = page.locator("#diagram .diagram-stage").bounding_box()
    cx, cy = stage["x"] + stage["width"] / 2, stage["y"] + stage["height"] / 2
    before = _view_box(page)
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx - 100, cy - 50, steps=5)
    page.mouse.up()
    after = _view_box(page)
    assert after[0] == pytest.approx(before[0] + 100, abs=2)
    assert after[1] == pytest.approx(before[1] + 50, abs=2)

    page.mouse.move(cx, cy)
    page.mouse.wheel(0, -300)
    page.wait_for_function("s => parseFloat(document.querySelector('#diagram').dataset.scale) > s", arg=1.0)

    page.focus("#diagram .diagram-stage")
    page.keyboard.press("0")
    whole = _scale(page)
    assert whole < first  # sixty components shown at once are smaller than the first, readable view
    assert _outside(page) == []
    page.click("[data-diagram-action=in]")
    page.click("[data-diagram-action=fit]")
    assert _scale(page) == pytest.approx(whole, rel=0.01)


def test_a_component_reached_by_keyboard_is_brought_into_view_and_enter_opens_its_editor_beside(
        page: Any, live_server: Any) -> None:
    _open(page, live_server, "two-hundred")
    page.click("[data-diagram-action=actual]")
    last = page.locator("#diagram [data-component]").last
    name = last.get_attribute("data-component")
    assert name in _outside(page)
    diagram_before = page.locator("#diagram-panel").bounding_box()

    page.focus("#diagram .diagram-stage")
    page.keyboard.press("Tab")  # from the diagram, Tab reaches its first component
    assert page.evaluate("document.activeElement.querySelector('[data-component]')?.dataset.component") == \
        page.locator("#diagram [data-component]").first.get_attribute("data-component")

    page.focus(f"#diagram a:has([data-component='{name}'])")
    assert name not in _outside(page), "the focused component was not scrolled into view"
    page.keyboard.press("Enter")
    page.wait_for_selector("#component-editor form")
    page.wait_for_selector(HTMX_IDLE, state="attached")
    assert page.get_attribute(f"#diagram [data-component='{name}']", "class").split()[-1] == "selected"
    page.evaluate("window.scrollTo(0, 0)")  # compare positions in the page, not as scrolled
    editor = page.locator("#component-editor").bounding_box()
    diagram_after = page.locator("#diagram-panel").bounding_box()
    assert diagram_after["y"] == pytest.approx(diagram_before["y"]), "opening the editor pushed the diagram down"
    assert editor["x"] >= diagram_after["x"] + diagram_after["width"], "the editor is not beside the diagram"

    # saving the component redraws the diagram out of band: the new one is set up and keeps the selection
    page.fill("#component-editor #f-memory_mb", "2048")
    page.click("#component-editor button:has-text('Save settings')")
    page.wait_for_function("n => [...document.querySelectorAll('#diagram [data-component]')].some("
                           "g => g.dataset.component === n && g.textContent.includes('2048 MB'))", arg=name)
    page.wait_for_selector("#diagram.diagram-ready .diagram-toolbar")
    assert "selected" in (page.get_attribute(f"#diagram [data-component='{name}']", "class") or "")


def test_the_diagram_exports_as_svg_and_png_with_every_component(page: Any, live_server: Any) -> None:
    _, count = _open(page, live_server, "sixty")
    page.click("[data-diagram-action=in]")  # the export is the whole drawing, whatever the view
    width, height = (float(page.get_attribute("#diagram svg", name)) for name in ("data-layout-width",
                                                                                 "data-layout-height"))
    with page.expect_download() as svg_download:
        page.click("[data-diagram-action=svg]")
    assert svg_download.value.suggested_filename == "shop.svg"
    root = ET.fromstring(Path(svg_download.value.path()).read_bytes())
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == f"0 0 {width:g} {height:g}"
    assert len(root.findall(f".//{SVG_NS}g[@data-component]")) == count
    assert root.findall(f".//{SVG_NS}a") == []  # no links back into the app

    with page.expect_download() as png_download:
        page.click("[data-diagram-action=png]")
    assert png_download.value.suggested_filename == "shop.png"
    png = Path(png_download.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    png_width, png_height = struct.unpack(">II", png[16:24])
    ratio = min(2, 8000 / max(width, height))  # twice the natural size, at most 8000 px a side
    assert (png_width, png_height) == (round(width * ratio), round(height * ratio))
    assert png_width > 1.9 * width


def test_the_component_opened_from_the_list_is_the_one_highlighted_on_the_diagram(page: Any,
                                                                                  live_server: Any) -> None:
    _open(page, live_server, "api")
    assert page.locator("#diagram .selected").count() == 0
    page.click("#component-list a[href$='/components/data-table']")
    page.wait_for_selector("#component-editor[data-editing='data-table']")
    page.wait_for_selector(HTMX_IDLE, state="attached")
    assert page.locator("#diagram .selected").count() == 1
    assert page.get_attribute("#diagram .selected", "data-component") == "data-table"


def test_the_compare_page_diagrams_fit_side_by_side(page: Any, live_server: Any) -> None:
    user = User.objects.create_user("viewer", password="a-long-test-password")
    team_create(name="platform", owner=user)
    membership = Membership.objects.select_related("team", "user").get(user=user)
    design = save_design(membership)
    save_revision(membership, design, options={"source": "kinesis"})
    base = live_server.url.replace("localhost", "127.0.0.1")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/designs/{design.pk}/compare/?from=1&to=2")
    page.fill("#id_username", "viewer")
    page.fill("#id_password", "a-long-test-password")
    page.click("button[type=submit]")
    for box in ("#old-diagram", "#new-diagram"):
        page.wait_for_selector(f"{box}.diagram-ready .diagram-toolbar")
        outside = page.evaluate("""box => {
            const stage = document.querySelector(box + ' .diagram-stage').getBoundingClientRect();
            return [...document.querySelectorAll(box + ' [data-component]')].filter(node => {
                const r = node.querySelector('rect').getBoundingClientRect();
                return r.left < stage.left - 0.5 || r.right > stage.right + 0.5;
            }).length;
        }""", box)
        assert outside == 0, box


def test_a_resize_or_click_while_htmx_settles_a_new_diagram_raises_no_error(page: Any, live_server: Any) -> None:
    """While htmx settles a swap, the new diagram carries the old one's attributes (`diagram-ready` included) for
    one settle delay before it is set up; a resize (a full-page screenshot makes one) or a click in that window
    raised "Cannot read properties of undefined (reading 'fitted')" in a CI run. The page fixture fails on any
    JavaScript error; here the window is held open on purpose."""
    _open(page, live_server, "api")
    page.evaluate("""() => {
        const box = document.querySelector('#diagram');
        const copy = box.cloneNode(true);  // the class, without the set-up state
        copy.id = 'diagram-settling';
        box.parentNode.appendChild(copy);
        window.dispatchEvent(new Event('resize'));
        copy.querySelector('[data-diagram-action=fit]').click();
    }""")
    page.wait_for_timeout(300)  # the resize handler runs 100 ms later
    assert page.locator("#diagram-settling.diagram-ready").count() == 1
    assert page.locator("#diagram.diagram-ready").count() == 1
