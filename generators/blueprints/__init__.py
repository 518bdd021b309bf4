"""The five project types. `BLUEPRINTS` is the explicit registry (name -> Blueprint)."""

from __future__ import annotations

from generators.blueprints import api, event_processor, fan_out, scheduled_job, workflow
from generators.blueprints.base import Blueprint, BlueprintOptions, ProjectOptions

BLUEPRINTS: dict[str, Blueprint] = {  # type: ignore[type-arg]
    bp.name: bp
    for bp in (api.BLUEPRINT, event_processor.BLUEPRINT, fan_out.BLUEPRINT, workflow.BLUEPRINT,
               scheduled_job.BLUEPRINT)
}

__all__ = ["BLUEPRINTS", "Blueprint", "BlueprintOptions", "ProjectOptions"]
