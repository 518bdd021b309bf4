"""FN-12: a secret written into an environment variable."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import replace_literal_with_secret_name, secret_reference
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.helpers import is_literal_secret
from generators.advisor.rule import Rule
from generators.model import Design, Function


def check(graph: Graph) -> Iterator[Finding]:
    project = graph.design.project.name
    for fn in graph.of(Function):
        for key, value in sorted(fn.environment.items()):
            if not is_literal_secret(key, value):
                continue
            new_key, secret = secret_reference(project, fn.name, key)

            def change(d: Design, name: str = fn.name, var: str = key) -> None:
                replace_literal_with_secret_name(d, name, var)

            yield RULE.finding(
                graph, component=fn.name, path=f"{graph.path(fn.name)}.environment.{key}",
                fix=Fix(f"Replace {key} with {new_key}={secret!r} (store the value in Secrets Manager)", change),
                message=f"Environment variable {key} of {fn.name!r} holds a literal secret; anyone allowed to read "
                        "the function's configuration can read it.",
                hint="Store it in Secrets Manager (or SSM SecureString), pass only its name, and read it with "
                     "Powertools Parameters (max_age=300).",
            )


RULE = Rule(
    id="FN-12", title="Secret in an environment variable", severity="error", area="function",
    checks="An environment variable named like a secret (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE) holds a "
           "literal value rather than the name or ARN of a secret or parameter.",
    fix="Replace the variable with <NAME>_SECRET_NAME holding a Secrets Manager secret name.",
    source="000 SKILL §Security (L66); 002 §Red Flags (L996); 002 §Env Vars vs Parameter Store vs Secrets "
           "Manager (L285)",
    check=check,
)
