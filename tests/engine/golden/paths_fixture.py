"""A golden path like a platform team's: the event processor with the team's tags and retention, a parameter or
three, and locks; version 2 adds an audit queue (and with it a dead-letter queue depth alarm), raises the prod log
retention (locked) and the processor's timeout (not locked: a user who changed it has a conflict)."""

from __future__ import annotations

from typing import Any

from generators.blueprints import BLUEPRINTS
from generators.model.io import design_to_data


def base_design(name: str = "acme-ingest") -> dict[str, Any]:
    data = design_to_data(BLUEPRINTS["event-processor"].build({"name": name}, {}))  # type: ignore[arg-type]
    data["project"]["tags"] = {"CostCenter": "platform", "Owner": "team-a"}
    return data


PARAMETERS = [
    {"name": "memory_mb", "path": "components[processor].memory_mb", "minimum": 256, "maximum": 2048,
     "help": "Memory of the processor (MB)"},
    {"name": "batch_size", "path": "connections[triggers:input-queue->processor].batch_size", "maximum": 100},
    {"name": "language", "path": "project.language", "choices": ["python", "typescript"]},
]
LOCKED = [
    {"path": "project.environments[prod].log_retention_days", "reason": "security keeps prod logs for audits"},
    {"path": "project.tags.CostCenter", "reason": "finance bills by cost centre"},
    {"path": "components[input-queue].dlq", "reason": "every queue has a dead-letter queue"},
]


def golden_v1() -> dict[str, Any]:
    return {"kind": "golden-path", "id": "acme-events", "title": "ACME event processor",
            "description": "Our event processor: tags, retention and DLQs as the platform team wants them",
            "version": 1, "design": base_design(), "parameters": PARAMETERS, "locked": LOCKED}


def golden_v2() -> dict[str, Any]:
    data = golden_v1()
    design = data["design"]
    design["project"]["environments"][2]["log_retention_days"] = 365
    design["components"].append({"name": "audit-queue", "kind": "queue", "dlq": True,
                                 "description": "Audit trail of processed batches"})
    design["connections"].append({"kind": "publishes", "source": "processor", "target": "audit-queue"})
    for component in design["components"]:
        if component["name"] == "processor":
            component["timeout_s"] = 60
    data["version"] = 2
    return data
