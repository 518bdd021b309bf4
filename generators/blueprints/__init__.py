"""The six project types. `BLUEPRINTS` is the explicit registry (name -> Blueprint).

The registry is a read-only mapping whose names are known up front and whose blueprint modules are imported
the first time one is looked up, so `python -m generators new api` loads the api blueprint only.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from generators.blueprints.base import Blueprint, BlueprintOptions, ProjectOptions

# name -> the module defining BLUEPRINT (the order is the order the product shows them in)
BLUEPRINT_MODULES: dict[str, str] = {
    "api": "generators.blueprints.api",
    "event-processor": "generators.blueprints.event_processor",
    "fan-out": "generators.blueprints.fan_out",
    "workflow": "generators.blueprints.workflow",
    "scheduled-job": "generators.blueprints.scheduled_job",
    "web-app": "generators.blueprints.web_app",
}


class BlueprintRegistry(Mapping[str, Blueprint]):  # type: ignore[type-arg]
    def __init__(self, modules: dict[str, str]) -> None:
        self._modules = modules
        self._loaded: dict[str, Blueprint] = {}  # type: ignore[type-arg]

    def __getitem__(self, name: str) -> Blueprint:  # type: ignore[type-arg]
        blueprint = self._loaded.get(name)
        if blueprint is None:
            blueprint = importlib.import_module(self._modules[name]).BLUEPRINT  # KeyError for unknown names
            if blueprint.name != name:
                raise RuntimeError(f"{self._modules[name]} defines blueprint {blueprint.name!r}, not {name!r}")
            self._loaded[name] = blueprint
        return blueprint

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)

    def __contains__(self, name: object) -> bool:
        return name in self._modules


BLUEPRINTS = BlueprintRegistry(BLUEPRINT_MODULES)

__all__ = ["BLUEPRINTS", "Blueprint", "BlueprintOptions", "ProjectOptions"]
