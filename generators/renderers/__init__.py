"""Renderers: `render(design) -> FileTree`, one per target (iac x language).

`RENDERERS` is the registry: target -> "module:function". A renderer's module is imported the first time its
target is rendered, so a process that renders one target (the CLI, a worker) loads only that one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache

from generators.filetree import FileTree
from generators.model import Design

Renderer = Callable[[Design], FileTree]

RENDERERS: dict[tuple[str, str], str] = {
    ("sam", "python"): "generators.renderers.sam.project:render_sam_python",
    ("sam", "typescript"): "generators.renderers.sam.typescript:render_sam_typescript",
    ("cdk", "typescript"): "generators.renderers.cdk_typescript.project:render_cdk_typescript",
    ("cdk", "python"): "generators.renderers.cdk_python.project:render_cdk_python",
}


class UnsupportedTarget(ValueError):
    """The design asks for an iac x language combination that has no renderer."""


@cache
def renderer_for(iac: str, language: str) -> Renderer:
    reference = RENDERERS.get((iac, language))
    if reference is None:
        available = ", ".join(f"{i}+{lang}" for i, lang in sorted(RENDERERS))
        raise UnsupportedTarget(
            f"iac={iac!r} with language={language!r} is not available yet; available targets: {available}"
        )
    module_name, function = reference.split(":")
    renderer: Renderer = getattr(importlib.import_module(module_name), function)
    return renderer


def render(design: Design) -> FileTree:
    tree = renderer_for(design.project.iac, design.project.language)(design)
    # every target ships the same architecture drawing the web app shows (the README carries it as Mermaid)
    from generators.renderers.diagram import svg

    tree.add("docs/architecture.svg", svg(design))
    return tree
