"""FN-14: a resource ARN hardcoded in an environment variable."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.helpers import RESOURCE_ARN_RE
from generators.advisor.rule import Rule
from generators.model import Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        for key, value in sorted(fn.environment.items()):
            if RESOURCE_ARN_RE.match(value):
                yield RULE.finding(
                    graph, component=fn.name, path=f"{graph.path(fn.name)}.environment.{key}",
                    message=f"Environment variable {key} of {fn.name!r} hardcodes the ARN {value!r}; it breaks in "
                            "every other account, region or environment.",
                    hint="Add the resource to the design and connect the function to it (reads/writes/publishes): "
                         "the generator injects its name and grants least-privilege access.",
                )


RULE = Rule(
    id="FN-14", title="Hardcoded resource ARN", severity="warning", area="function",
    checks="An environment variable holds a literal DynamoDB, SQS, SNS, S3, EventBridge, Step Functions, "
           "Lambda or Kinesis ARN.",
    fix=None,
    source="001 check (L761); 000 step-functions §Best Practices (L1363)",
    check=check,
)
