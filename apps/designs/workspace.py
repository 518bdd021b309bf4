"""Everything the wizard shows about one recipe — design, findings, cost, diagram, files — computed once and
cached in-process by the recipe's canonical key (an htmx step usually asks for all of it at once)."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from apps.designs.recipe import Recipe
from generators.advisor import Finding, advise
from generators.cost import Estimate, Traffic, estimate
from generators.filetree import FileTree
from generators.model import Component, Design, DesignInputError
from generators.model.io import with_org_defaults
from generators.model.organisation import OrgDefaults
from generators.renderers import UnsupportedTarget, render
from generators.renderers.diagram import mermaid
from generators.renderers.diagram_svg import draw, layout_design
from generators.renderers.layout import Layout
from generators.writer import to_zip_bytes

CACHE_SIZE = 256
logger = logging.getLogger(__name__)


@dataclass
class Workspace:
    design: Design | None
    problems: list[tuple[str, str]] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    requests_per_month: float | None = None
    # the team's organisation defaults (apps.policies): printed into every generated file, never saved in the design
    organisation: OrgDefaults | None = None

    @cached_property
    def findings(self) -> list[Finding]:
        return advise(self.design) if self.design is not None else []

    @cached_property
    def estimate(self) -> Estimate | None:
        if self.design is None:
            return None
        traffic = Traffic() if self.requests_per_month is None else Traffic(requests_per_month=self.requests_per_month)
        return estimate(self.design, traffic)

    @cached_property
    def _rendered(self) -> tuple[FileTree | None, str | None]:
        if self.design is None:
            return None, "the design is not valid yet"
        design = self.design
        if self.organisation is not None:
            try:
                design = with_org_defaults(design, self.organisation)
            except DesignInputError as exc:
                return None, f"the organisation defaults do not fit this design: {exc}"
        try:
            return render(design), None
        except UnsupportedTarget as exc:
            return None, str(exc)
        except Exception as exc:  # an accepted design that does not render is a bug: say so, never a 500
            logger.exception("rendering an accepted design failed")
            return None, f"the project could not be generated (internal error: {type(exc).__name__})"

    @property
    def tree(self) -> FileTree | None:
        return self._rendered[0]

    @property
    def unsupported(self) -> str | None:
        """Why no project can be generated (a target that is not available yet), or None."""
        return self._rendered[1]

    @cached_property
    def zip_bytes(self) -> bytes | None:
        tree = self.tree
        if tree is None or self.design is None:
            return None
        return to_zip_bytes(tree, root=self.design.project.name)

    @cached_property
    def mermaid(self) -> str:
        return mermaid(self.design) if self.design is not None else ""

    @cached_property
    def _layout(self) -> Layout | None:
        return layout_design(self.design) if self.design is not None else None

    def diagram(self, node_attributes: Callable[[Component], Mapping[str, str]] | None = None) -> str:
        """The SVG diagram; the layout is computed once per workspace, the links are added per request."""
        if self.design is None:
            return ""
        try:
            return draw(self.design, node_attributes=node_attributes, layout=self._layout)
        except Exception:  # a drawing bug must not take the page down with it
            logger.exception("drawing a design failed")
            return ""

    @cached_property
    def template_facts(self) -> dict[str, set[str]]:
        """Resources, IAM actions, env vars and event sources of its SAM template (the compose change summary)."""
        from generators.editing.summary import sam_template, template_facts

        return template_facts(sam_template(self.design) if self.design is not None else None)

    @cached_property
    def counts(self) -> dict[str, int]:
        active = [f for f in self.findings if not f.silenced]
        return {severity: sum(1 for f in active if f.severity == severity) for severity in ("error", "warning",
                                                                                              "info")}


_cache: OrderedDict[str, Workspace] = OrderedDict()
_lock = threading.Lock()


def workspace_for(recipe: Recipe, *, requests_per_month: float | None = None,
                  organisation: OrgDefaults | None = None) -> Workspace:
    org_key = organisation.model_dump_json() if organisation is not None else ""
    key = f"{recipe.key()}|{requests_per_month}|{org_key}"
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    try:
        design, stale = recipe.design()
        workspace = Workspace(design, stale=stale, requests_per_month=requests_per_month, organisation=organisation)
    except DesignInputError as exc:
        workspace = Workspace(None, problems=list(exc.problems), requests_per_month=requests_per_month)
    except Exception as exc:  # a stored row the engine cannot read (an older or damaged document): a message
        logger.exception("loading a design failed")
        workspace = Workspace(None, problems=[("", f"this design cannot be read (internal error: "
                                                   f"{type(exc).__name__}); open an earlier revision")],
                              requests_per_month=requests_per_month)
    with _lock:
        _cache[key] = workspace
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return workspace


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def summary(workspace: Workspace) -> dict[str, Any]:
    """Plain facts for templates that need no engine objects."""
    return {"components": len(workspace.design.components) if workspace.design else 0,
            "connections": len(workspace.design.connections) if workspace.design else 0, **workspace.counts}
