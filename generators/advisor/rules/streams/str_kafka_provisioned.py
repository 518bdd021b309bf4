"""SQS-11 (Kafka): spiky traffic into a Kafka consumer whose pollers scale on demand."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function, Triggers

KAFKA_SOURCES = frozenset({"msk_cluster", "kafka_cluster"})
# the seed's example of provisioned mode (000 §ESM Provisioned Mode)
MINIMUM_POLLERS, MAXIMUM_POLLERS = 2, 20


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        if fn.workload is None or fn.workload.traffic_pattern not in ("bursty", "unpredictable"):
            continue
        for index, conn in graph.polled_triggers(fn, KAFKA_SOURCES):
            if not isinstance(conn, Triggers) or conn.min_pollers is not None or conn.max_pollers is not None:
                continue

            def change(d: Design, i: int = index) -> None:
                edge = d.connections[i]
                assert isinstance(edge, Triggers)
                edge.min_pollers, edge.max_pollers = MINIMUM_POLLERS, MAXIMUM_POLLERS

            yield RULE.finding(
                graph, component=fn.name, connection=index,
                fix=Fix(f"Provision {MINIMUM_POLLERS}-{MAXIMUM_POLLERS} event pollers for {conn.source!r}", change),
                message=f"{fn.name!r} expects {fn.workload.traffic_pattern} traffic from Kafka topic "
                        f"{conn.source!r}, whose pollers scale on demand: a spike builds a backlog first.",
                hint="ESM provisioned mode scales 3x faster to 16x the capacity; set min_pollers and max_pollers "
                     "(billed per event poller unit while provisioned).",
            )


RULE = Rule(
    id="SQS-11", title="Spiky Kafka traffic without provisioned pollers", severity="info", area="streams",
    checks="A function declared with bursty or unpredictable traffic is triggered by an MSK or self-managed Kafka "
           "topic whose event source mapping has no provisioned poller configuration.",
    fix=f"min_pollers = {MINIMUM_POLLERS}, max_pollers = {MAXIMUM_POLLERS} on the trigger.",
    source="000 event-sources §ESM Provisioned Mode (L743)",
    check=check,
)
