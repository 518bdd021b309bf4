"""FN-13: an AWS access key written into the design."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.helpers import ACCESS_KEY_RE
from generators.advisor.rule import Rule
from generators.model import Design, Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        for key, value in sorted(fn.environment.items()):
            if not ACCESS_KEY_RE.search(value):
                continue

            def change(d: Design, name: str = fn.name, var: str = key) -> None:
                target = component(d, name, Function)
                target.environment = {k: v for k, v in target.environment.items() if k != var}

            yield RULE.finding(
                graph, component=fn.name, path=f"{graph.path(fn.name)}.environment.{key}",
                fix=Fix(f"Remove {key} from {fn.name!r}; the execution role grants access", change),
                message=f"Environment variable {key} of {fn.name!r} contains an AWS access key id.",
                hint="Remove it and rotate the key; the function's execution role provides credentials.",
            )
    for component_ in graph.design.components:
        if ACCESS_KEY_RE.search(component_.description):
            def clear(d: Design, name: str = component_.name) -> None:
                d.component(name).description = ""

            yield RULE.finding(
                graph, component=component_.name, path=f"{graph.path(component_.name)}.description",
                fix=Fix(f"Clear the description of {component_.name!r}", clear),
                message=f"The description of {component_.name!r} contains an AWS access key id; it ends up in "
                        "the generated template and README.",
                hint="Remove it and rotate the key.",
            )


RULE = Rule(
    id="FN-13", title="Hardcoded AWS access key", severity="error", area="function",
    checks="An environment variable or a description contains an AWS access key id (AKIA…/ASIA…).",
    fix="Remove the variable (or clear the description); rely on the execution role.",
    source="001 checks (L734, L737); 000 SKILL §Security (L66)",
    check=check,
)
