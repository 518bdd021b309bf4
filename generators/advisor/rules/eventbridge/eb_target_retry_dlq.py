"""EB-02: an EventBridge target without retry policy or DLQ."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component, connection
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, EventBus, Schedule, Triggers

RETRIES = 3
MAX_AGE_S = 3600


def check(graph: Graph) -> Iterator[Finding]:
    for bus in graph.of(EventBus):
        for i, conn in graph.outs(bus.name, "triggers"):
            if not isinstance(conn, Triggers):
                continue
            missing = [what for what, ok in (("retry policy", conn.retry_attempts is not None),
                                             ("dead-letter queue", bool(conn.dlq))) if not ok]
            if not missing:
                continue

            def change(d: Design, index: int = i) -> None:
                t = connection(d, index, Triggers)
                if t.retry_attempts is None:
                    t.retry_attempts = RETRIES
                    t.max_event_age_s = t.max_event_age_s or MAX_AGE_S
                t.dlq = True

            yield RULE.finding(
                graph, component=conn.target, connection=i,
                fix=Fix(f"Retry {RETRIES} times for up to {MAX_AGE_S} s, then send to an SQS DLQ", change),
                message=f"The rule on {bus.name!r} targeting {conn.target!r} has no {' and no '.join(missing)}: "
                        "events that cannot be delivered are retried for 24 h and then silently dropped.",
                hint="Set RetryPolicy {MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600} and an SQS "
                     "DeadLetterConfig on the target.",
            )
    for schedule in graph.of(Schedule):
        if schedule.dlq:
            continue

        def schedule_dlq(d: Design, name: str = schedule.name) -> None:
            component(d, name, Schedule).dlq = True

        yield RULE.finding(
            graph, component=schedule.name, fix=Fix(f"Give {schedule.name!r} a dead-letter queue", schedule_dlq),
            message=f"Schedule {schedule.name!r} has no dead-letter queue: runs whose target cannot be invoked "
                    "after the retries are lost.",
            hint="Give the schedule target a DeadLetterConfig (SQS).",
        )


RULE = Rule(
    id="EB-02", title="EventBridge target without retry policy or DLQ", severity="warning", area="eventbridge",
    checks="An event-bus rule target lacks a retry policy or a dead-letter queue, or a schedule has no DLQ.",
    fix="retry_attempts = 3, max_event_age_s = 3600 (when unset), dlq = true.",
    source="000 event-driven-architecture §Retry Policy and Dead-Letter Queues (L1007); 000 SKILL "
           "§Troubleshooting Quick Reference (L100)",
    check=check,
)
