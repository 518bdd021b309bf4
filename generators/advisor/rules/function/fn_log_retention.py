"""FN-10: logs that never expire (a cost trap, and a cost lever)."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor import savings
from generators.advisor.edits import RECOMMENDED_RETENTION
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design


def check(graph: Graph) -> Iterator[Finding]:
    for i, env in enumerate(graph.design.project.environments):
        if env.log_retention_days != 0:
            continue
        days = RECOMMENDED_RETENTION[env.name]

        def change(d: Design, index: int = i, value: int = days) -> None:
            d.project.environments[index].log_retention_days = value

        fix = Fix(f"Keep {env.name} logs for {days} days", change)
        saving = savings.log_retention(graph, fix.apply(graph.design))
        yield RULE.finding(
            graph, path=f"project.environments[{i}]", fix=fix, saving_usd_month=saving,
            message=f"Logs of the {env.name!r} environment never expire: CloudWatch storage grows every month "
                    f"(≈ ${saving:,.2f}/month more after a year at the assumed traffic).",
            hint="Set a retention: 7 days for dev, 30 for staging, 90 for prod (365+ only for compliance).",
        )


RULE = Rule(
    id="FN-10", title="Log groups without retention", severity="warning", area="function",
    checks="An environment keeps function and workflow logs forever (log_retention_days = 0).",
    fix="Retention = 7 / 30 / 90 days for dev / staging / prod.",
    source="002 §CloudWatch Logs (L451); 000 observability §Cost Management (L1938)",
    check=check,
)
