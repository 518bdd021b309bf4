"""A rule's identity as data (id from the seed catalog §2, title, severity, source) plus its check."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from generators.advisor.finding import Finding, Fix, Severity
from generators.advisor.graph import Graph

AREAS: dict[str, str] = {
    "function": "Function configuration",
    "iam": "IAM and secrets",
    "api": "API front door",
    "sqs": "SQS consumers",
    "streams": "Stream consumers",
    "s3": "S3",
    "sns": "SNS",
    "eventbridge": "EventBridge",
    "stepfunctions": "Step Functions",
    "observability": "Observability",
    "cost": "Cost and data-store hygiene",
    "contracts": "Event contracts",
    "stack": "Stack limits",
}


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: Severity
    area: str
    checks: str
    """What the rule looks for, in the design's terms (for the rules reference)."""
    fix: str | None
    """What the automatic fix changes, or None when the catalog gives none the design can express."""
    source: str
    check: Callable[[Graph], Iterable[Finding]] = field(repr=False, compare=False)

    def finding(
        self,
        graph: Graph,
        *,
        message: str,
        hint: str,
        component: str | None = None,
        connection: int | None = None,
        path: str | None = None,
        fix: Fix | None = None,
        saving_usd_month: float | None = None,
    ) -> Finding:
        if path is None:
            if connection is not None:
                path = f"connections[{connection}]"
            elif component is not None and component in graph.position:
                path = graph.path(component)
        edge = graph.edge_label(connection) if connection is not None else None
        return Finding(
            rule=self.id, severity=self.severity, title=self.title, message=message, hint=hint,
            source=self.source, component=component, path=path, connection=connection, edge=edge, fix=fix,
            saving_usd_month=None if saving_usd_month is None else round(saving_usd_month, 2),
        )
