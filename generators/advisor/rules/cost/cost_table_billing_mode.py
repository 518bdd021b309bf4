"""COST-02: a DynamoDB billing mode that does not fit the load (a cost lever)."""

from __future__ import annotations

import math
from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.cost.prices import HOURS_PER_MONTH, PRICES, SECONDS_PER_MONTH
from generators.model import Design, Function, Table

TARGET_UTILIZATION = 0.7
MIN_SAVING_USD = 1.0


def _patterns(graph: Graph, table: Table) -> set[str]:
    names = [c.source for _, c in graph.ins(table.name)]
    return {fn.workload.traffic_pattern for n in names
            if (fn := graph.get(n, Function)) is not None and fn.workload and fn.workload.traffic_pattern}


def _request_units(graph: Graph, table: Table) -> tuple[float, float]:
    """Write request units and (eventually consistent) read request units a month at the assumed traffic."""
    payload = graph.estimate.traffic.payload(table.name)
    writes = graph.estimate.volumes.writes.get(table.name, 0.0) * max(1, math.ceil(payload - 1e-9))
    reads = graph.estimate.volumes.reads.get(table.name, 0.0) * max(1, math.ceil(payload / 4 - 1e-9)) * 0.5
    return writes, reads


def _on_demand_usd(graph: Graph, table: Table) -> tuple[float, float, float]:
    wru, rru = _request_units(graph, table)
    return PRICES["dynamodb.ondemand.write"].cost(wru) + PRICES["dynamodb.ondemand.read"].cost(rru), wru, rru


def _provisioned_usd(wcu: int, rcu: int) -> float:
    return (PRICES["dynamodb.provisioned.wcu_hour"].cost(wcu * HOURS_PER_MONTH)
            + PRICES["dynamodb.provisioned.rcu_hour"].cost(rcu * HOURS_PER_MONTH))


def check(graph: Graph) -> Iterator[Finding]:
    for table in graph.of(Table):
        patterns = _patterns(graph, table)
        on_demand, writes, reads = _on_demand_usd(graph, table)
        if table.billing_mode == "PROVISIONED":
            provisioned = _provisioned_usd(table.write_capacity, table.read_capacity)
            unpredictable = bool(patterns & {"bursty", "unpredictable"})
            if provisioned - on_demand < MIN_SAVING_USD and not unpredictable:
                continue

            def to_on_demand(d: Design, name: str = table.name) -> None:
                component(d, name, Table).billing_mode = "PAY_PER_REQUEST"

            saving = max(0.0, provisioned - on_demand)
            yield RULE.finding(
                graph, component=table.name, fix=Fix(f"Bill {table.name!r} on demand", to_on_demand),
                saving_usd_month=saving,
                message=f"{table.name!r} pays for provisioned capacity (≈ ${provisioned:,.2f}/month) "
                        + ("for bursty or unpredictable traffic" if unpredictable
                           else f"while on-demand would cost ≈ ${on_demand:,.2f} at the assumed traffic") + ".",
                hint="Use ON_DEMAND for unpredictable or low traffic; PROVISIONED with auto scaling for steady load.",
            )
        elif patterns == {"steady"}:
            wcu = max(1, math.ceil(writes / SECONDS_PER_MONTH / TARGET_UTILIZATION))
            rcu = max(1, math.ceil(reads / SECONDS_PER_MONTH / TARGET_UTILIZATION))
            provisioned = _provisioned_usd(wcu, rcu)
            if provisioned > on_demand * 0.8 or on_demand - provisioned < MIN_SAVING_USD:
                continue

            def to_provisioned(d: Design, name: str = table.name, w: int = wcu, r: int = rcu) -> None:
                t = component(d, name, Table)
                t.billing_mode = "PROVISIONED"
                t.write_capacity = w
                t.read_capacity = r

            yield RULE.finding(
                graph, component=table.name, saving_usd_month=on_demand - provisioned,
                fix=Fix(f"Provision {wcu} WCU / {rcu} RCU for {table.name!r} (70 % utilisation)", to_provisioned),
                message=f"{table.name!r} serves a steady load on demand (≈ ${on_demand:,.2f}/month at the assumed "
                        f"traffic); provisioned capacity at 70 % utilisation would cost ≈ ${provisioned:,.2f}.",
                hint="Use PROVISIONED with auto scaling for steady, predictable load.",
            )


RULE = Rule(
    id="COST-02", title="DynamoDB billing mode does not fit the load", severity="info", area="cost",
    checks="A PROVISIONED table costs at least $1/month more than on-demand would at the assumed traffic, or "
           "serves bursty or unpredictable functions; or an ON_DEMAND table serves only steady functions and "
           "provisioned capacity (70 % utilisation) would cost at least 20 % and $1/month less.",
    fix="Switch the billing mode (provisioned capacity sized for 70 % utilisation).",
    source="000 optimization §DynamoDB Optimization (L2178)",
    check=check,
)
