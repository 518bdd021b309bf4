"""Renderers: `render(design) -> FileTree`, one per target (iac x language). `RENDERERS` is the registry."""

from __future__ import annotations

from collections.abc import Callable

from generators.filetree import FileTree
from generators.model import Design
from generators.renderers.cdk_python import render_cdk_python
from generators.renderers.cdk_typescript import render_cdk_typescript
from generators.renderers.sam import render_sam_python
from generators.renderers.sam.typescript import render_sam_typescript

Renderer = Callable[[Design], FileTree]

RENDERERS: dict[tuple[str, str], Renderer] = {
    ("sam", "python"): render_sam_python,
    ("sam", "typescript"): render_sam_typescript,
    ("cdk", "typescript"): render_cdk_typescript,
    ("cdk", "python"): render_cdk_python,
}


class UnsupportedTarget(ValueError):
    """The design asks for an iac x language combination that has no renderer."""


def render(design: Design) -> FileTree:
    key = (design.project.iac, design.project.language)
    renderer = RENDERERS.get(key)
    if renderer is None:
        available = ", ".join(f"{iac}+{language}" for iac, language in sorted(RENDERERS))
        raise UnsupportedTarget(
            f"iac={key[0]!r} with language={key[1]!r} is not available yet; available targets: {available}"
        )
    tree = renderer(design)
    # every target ships the same architecture drawing the web app shows (the README carries it as Mermaid)
    from generators.renderers.diagram import svg

    tree.add("docs/architecture.svg", svg(design))
    return tree
