"""The component graph as Mermaid (for generated READMEs): one node per component, labelled edges."""

from __future__ import annotations

from generators.catalog import COMPONENTS
from generators.model import Design, Routes

_SHAPES = {row.kind: row.diagram.mermaid for row in COMPONENTS.values()}
_KIND_LABEL = {row.kind: row.diagram.short for row in COMPONENTS.values()}


def node_id(name: str) -> str:
    return "n_" + name.replace("-", "_")


def mermaid(design: Design) -> str:
    lines = ["flowchart LR"]
    for component in design.components:
        left, right = _SHAPES[component.kind]
        caption = "Lambda durable" if getattr(component, "durable", None) is not None else _KIND_LABEL[component.kind]
        lines.append(f"  {node_id(component.name)}{left}{component.name}<br/><small>{caption}</small>{right}")
    for conn in design.connections:
        label: str = conn.kind
        if isinstance(conn, Routes) and conn.path != "/":
            label = f"{conn.method} {conn.path}"
        lines.append(f"  {node_id(conn.source)} -->|\"{label}\"| {node_id(conn.target)}")
    return "\n".join(lines) + "\n"


def svg(design: Design, *, compact: bool = False) -> str:
    """The component graph as a standalone SVG (`docs/architecture.svg` of every generated project): a layered
    layout without overlaps, nodes styled per service with their key settings, edges labelled."""
    from generators.renderers.diagram_svg import draw

    return draw(design, compact=compact)
