"""The SVG architecture diagram: a layered layout that stays readable (no overlaps) up to hundreds of components."""

from __future__ import annotations

import itertools
import time
import xml.etree.ElementTree as ET

import pytest

from generators.blueprints import BLUEPRINTS, ProjectOptions
from generators.model import Design
from generators.model.io import design_from_data, design_to_data
from generators.renderers.diagram import mermaid, svg
from generators.renderers.diagram_svg import edge_label, layout_design, text_width
from tests.engine.variants import DURABLE_WORKFLOW, build

SVG_NS = "{http://www.w3.org/2000/svg}"


def _design(blueprint: str, **options: object) -> Design:
    return BLUEPRINTS[blueprint].build(ProjectOptions(name="shop"), options)


def _big_api(resources: int, queues: int = 0) -> Design:
    """An API with a function per route, plus `queues` queue -> function pairs writing to the same table."""
    design = _design("api", handler_style="function-per-route",
                     resources=[{"name": f"res{i}"} for i in range(resources)])
    data = design_to_data(design)
    for i in range(queues):
        data["components"] += [{"kind": "queue", "name": f"jobs{i}"}, {"kind": "function", "name": f"worker{i}"}]
        data["connections"] += [{"kind": "triggers", "source": f"jobs{i}", "target": f"worker{i}", "batch_size": 10},
                                {"kind": "writes", "source": f"worker{i}", "target": "data-table"}]
    return design_from_data(data)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    (ax, ay, aw, ah), (bx, by, bw, bh) = a, b
    return abs(ax - bx) * 2 < aw + bw and abs(ay - by) * 2 < ah + bh


def _boxes(design: Design) -> list[tuple[str, tuple[float, float, float, float]]]:
    layout = layout_design(design)
    boxes = [(f"node {n.id}", (n.x, n.y, n.width, n.height)) for n in layout.nodes.values()]
    for routed, connection in zip(layout.edges, design.connections, strict=True):
        if routed.label is not None:
            width = text_width(edge_label(connection), 11) + 8
            boxes.append((f"label {routed.index}", (*routed.label, width, 16)))
    return boxes


@pytest.mark.parametrize("blueprint", sorted(BLUEPRINTS))
def test_every_blueprint_default_draws_a_well_formed_svg_with_one_node_per_component(blueprint: str) -> None:
    design = _design(blueprint)

    root = ET.fromstring(svg(design))

    assert root.tag == f"{SVG_NS}svg"
    drawn = [g.get("data-component") for g in root.iter(f"{SVG_NS}g") if g.get("data-component")]
    assert drawn == [c.name for c in design.components]
    assert len(root.findall(f".//{SVG_NS}path[@class]")) == len(design.connections)


@pytest.mark.parametrize(("resources", "queues"), [(10, 0), (20, 50)])
def test_no_node_or_edge_label_overlaps_another_in_a_design_of_50_to_200_components(
    resources: int, queues: int
) -> None:
    design = _big_api(resources, queues)
    assert len(design.components) >= 50

    boxes = _boxes(design)

    clashes = [(a, b) for (a, ra), (b, rb) in itertools.combinations(boxes, 2) if _overlap(ra, rb)]
    assert clashes == []


def test_the_same_design_gives_byte_identical_svg() -> None:
    assert svg(_big_api(10)) == svg(_big_api(10))


def test_names_are_escaped_and_edges_say_what_they_do() -> None:
    design = _design("event-processor", source="s3", prefix="in/", suffix=".jpg")

    text = svg(design)

    assert "triggers (in/*.jpg)" in text
    assert ">writes<" in text
    assert ">reads<" in text


def test_a_200_component_design_is_laid_out_and_drawn_in_well_under_300_ms() -> None:
    design = _big_api(20, 50)
    assert len(design.components) >= 200
    svg(design)  # warm up

    started = time.perf_counter()
    svg(design)
    elapsed = time.perf_counter() - started

    assert elapsed < 0.3


def test_a_durable_workflow_shows_its_orchestrator_with_its_operations() -> None:
    design = build("workflow", DURABLE_WORKFLOW)
    drawn = svg(design)
    assert "workflow: Lambda durable function" in drawn
    assert "7 operations · ≤ 7 d" in drawn
    assert "Lambda durable" in mermaid(design)
    assert "state machine" not in drawn.lower()
