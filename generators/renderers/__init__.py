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
    if design.imported is not None:
        return render_imported(design)
    tree = renderer_for(design.project.iac, design.project.language)(design)
    # every target ships the same architecture drawing the web app shows (the README carries it as Mermaid)
    from generators.renderers.diagram import svg
    from generators.renderers.frontend import frontend_files

    tree.add("docs/architecture.svg", svg(design))
    tree.merge(frontend_files(design))  # a distribution's site: the same static front end in every target
    return tree


def render_imported(design: Design) -> FileTree:
    """An imported design renders its own template back (docs/import.md): the existing code and files stay the
    team's; the designer never writes a handler scaffold over them."""
    if design.project.iac != "sam":
        raise UnsupportedTarget(
            "an imported design renders to SAM only for now (iac='sam'): CDK output of imported templates "
            "(resources as CfnResource, overrides as addPropertyOverride) is not available yet"
        )
    from generators.importing.writeback import render_imported_template

    assert design.imported is not None
    tree = FileTree()
    name = design.imported.source_name if design.imported.source_format == "yaml" else "template.json"
    tree.add(name if "/" not in name else "template.yaml", render_imported_template(design))
    return tree
