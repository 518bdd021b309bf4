"""SFN-06: a Lambda task that only calls one AWS API (a cost lever)."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor import savings
from generators.advisor.edits import component, remove_component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.stepfunctions._steps import step_path, steps_of
from generators.model import Design, Function, Integrates, SdkStep, StateMachine, TaskStep

ACTION_FOR = {("writes", "table"): "dynamodb_put", ("publishes", "topic"): "sns_publish",
              ("publishes", "event_bus"): "eventbridge_put", ("publishes", "queue"): "sqs_send"}


def sdk_replacement(graph: Graph, sm: StateMachine, step: TaskStep) -> tuple[str, str] | None:
    """(action, target) when the task's function does exactly one put/publish/send and nothing else."""
    fn = graph.get(step.function, Function)
    if fn is None or step.integration != "request_response" or fn.environment:
        return None
    outs = graph.outs(fn.name)
    ins = graph.ins(fn.name)
    uses = sum(1 for s in sm.steps if isinstance(s, TaskStep) and s.function == fn.name)
    if len(outs) != 1 or len(ins) != 1 or ins[0][1].source != sm.name or uses != 1:
        return None
    conn = outs[0][1]
    action = ACTION_FOR.get((conn.kind, graph.kind(conn.target)))
    return (action, conn.target) if action else None


def check(graph: Graph) -> Iterator[Finding]:
    for sm, j, step in steps_of(graph, TaskStep):
        replacement = sdk_replacement(graph, sm, step)
        if replacement is None:
            continue
        action, target = replacement

        def change(d: Design, machine: str = sm.name, index: int = j, act: str = action, to: str = target) -> None:
            workflow = component(d, machine, StateMachine)
            old = workflow.steps[index]
            assert isinstance(old, TaskStep)
            workflow.steps[index] = SdkStep(
                name=old.name, timeout_s=old.timeout_s, action=act, target=to,  # type: ignore[arg-type]
                retry=old.retry, retry_max_attempts=old.retry_max_attempts, retry_interval_s=old.retry_interval_s,
                retry_backoff_rate=old.retry_backoff_rate, catch=old.catch,
            )
            remove_component(d, old.function)
            if not any(c.kind == "integrates" and c.source == machine and c.target == to for c in d.connections):
                d.connections.append(Integrates(source=machine, target=to))

        saving = savings.function_total(graph, step.function)
        yield RULE.finding(
            graph, component=sm.name, path=step_path(graph, sm, j), saving_usd_month=saving,
            fix=Fix(f"Replace task {step.name!r} by a direct {action} integration on {target!r}", change),
            message=f"Task {step.name!r} invokes {step.function!r}, whose only effect is one call to {target!r}: "
                    f"a direct SDK integration saves the invocation and its latency (≈ ${saving:,.2f}/month at the "
                    "assumed traffic).",
            hint="Call the service directly from the state machine (arn:aws:states:::<service>:<api>).",
        )


RULE = Rule(
    id="SFN-06", title="Lambda task that only calls one AWS API", severity="info", area="stepfunctions",
    checks="A task's function is used only by that task and its only connection is one write to a table or one "
           "publish to a topic, bus or queue (no reads, no environment).",
    fix="Replace the task by an SDK step (dynamodb_put / sns_publish / eventbridge_put / sqs_send) and remove "
        "the function.",
    source="000 step-functions §SDK Integrations (L1270); 002 §Step Functions + Lambda Integration (L678)",
    check=check,
)
