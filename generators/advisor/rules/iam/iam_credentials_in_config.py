"""IAM-04: credentials embedded in a connection string or URL."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import replace_literal_with_secret_name, secret_reference
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.helpers import CONNECTION_PASSWORD_RE, CREDENTIAL_URL_RE
from generators.advisor.rule import Rule
from generators.model import Design, Function


def check(graph: Graph) -> Iterator[Finding]:
    project = graph.design.project.name
    for fn in graph.of(Function):
        for key, value in sorted(fn.environment.items()):
            if not (CREDENTIAL_URL_RE.match(value) or CONNECTION_PASSWORD_RE.search(value)):
                continue
            new_key, secret = secret_reference(project, fn.name, key)

            def change(d: Design, name: str = fn.name, var: str = key) -> None:
                replace_literal_with_secret_name(d, name, var)

            yield RULE.finding(
                graph, component=fn.name, path=f"{graph.path(fn.name)}.environment.{key}",
                fix=Fix(f"Replace {key} with {new_key}={secret!r} (store it in Secrets Manager)", change),
                message=f"Environment variable {key} of {fn.name!r} is a connection string with an embedded "
                        "password.",
                hint="Keep connection strings and API keys in Secrets Manager or SSM Parameter Store and pass only "
                     "their name.",
            )


RULE = Rule(
    id="IAM-04", title="Credentials in a connection string", severity="warning", area="iam",
    checks="An environment variable holds a URL with user:password@ or a connection string with Password=.",
    fix="Replace the variable with <NAME>_SECRET_NAME holding a Secrets Manager secret name.",
    source="000 web-app-deployment §Auth Best Practices (L430), §RDS with Lambda (L343), §Environment "
           "Management (L349)",
    check=check,
)
