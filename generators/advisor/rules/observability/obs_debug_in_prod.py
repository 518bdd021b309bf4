"""OBS-11: DEBUG logging in production."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function

LEVEL_VARIABLES = ("POWERTOOLS_LOG_LEVEL", "LOG_LEVEL")


def check(graph: Graph) -> Iterator[Finding]:
    for i, env in enumerate(graph.design.project.environments):
        if env.name == "prod" and env.log_level == "DEBUG":
            def change(d: Design, index: int = i) -> None:
                d.project.environments[index].log_level = "WARN"

            yield RULE.finding(
                graph, path=f"project.environments[{i}].log_level", fix=Fix("Log at WARN in prod", change),
                message="The prod environment logs at DEBUG: every invocation writes its full detail to CloudWatch "
                        "Logs ($0.50 per GB ingested).",
                hint="Use WARN in production, INFO in staging and DEBUG in dev.",
            )
    if not graph.has_environment("prod"):
        return
    for fn in graph.of(Function):
        for key in LEVEL_VARIABLES:
            if fn.environment.get(key, "").upper() != "DEBUG":
                continue

            def drop(d: Design, name: str = fn.name, var: str = key) -> None:
                target = component(d, name, Function)
                target.environment = {k: v for k, v in target.environment.items() if k != var}

            yield RULE.finding(
                graph, component=fn.name, path=f"{graph.path(fn.name)}.environment.{key}",
                fix=Fix(f"Remove {key}=DEBUG from {fn.name!r} (the environment sets the level)", drop),
                message=f"{fn.name!r} forces {key}=DEBUG in every environment, production included.",
                hint="Let the per-environment log level apply (WARN in production).",
            )


RULE = Rule(
    id="OBS-11", title="DEBUG logging in production", severity="info", area="observability",
    checks="The prod environment's log level is DEBUG, or a function sets POWERTOOLS_LOG_LEVEL/LOG_LEVEL=DEBUG "
           "in a project with a prod environment.",
    fix="Prod log level = WARN; remove the function's DEBUG override.",
    source="000 observability §Structured Logging › Log level strategy (L1621); seed catalog conflict C12",
    check=check,
)
