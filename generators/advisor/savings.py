"""Estimated monthly savings of the cost-lever findings, from the design's cost estimate."""

from __future__ import annotations

from generators.advisor.graph import Graph
from generators.cost.estimate import retention_months
from generators.cost.prices import DAYS_PER_MONTH, PRICES
from generators.model import Design


def arm64(graph: Graph, name: str) -> float:
    """What moving one x86_64 function to arm64 saves: ~20 % of its duration and provisioned-concurrency lines."""
    cost = graph.estimate.component(name)
    if cost is None:
        return 0.0
    ratio = 1 - PRICES["lambda.gb_s.arm64"].usd / PRICES["lambda.gb_s.x86_64"].usd
    return sum(line.usd for line in cost.lines if line.item in ("duration", "provisioned concurrency")) * ratio


def http_api(graph: Graph, name: str) -> float:
    cost = graph.estimate.component(name)
    line = cost.line("requests") if cost else None
    if line is None:
        return 0.0
    return PRICES["apigw.rest.requests"].cost(line.quantity) - PRICES["apigw.http.requests"].cost(line.quantity)


def log_retention(graph: Graph, fixed: Design) -> float:
    """Logs kept forever (counted after one year) against the retention the fix sets."""
    now = retention_months(graph.design)
    after = retention_months(fixed)
    if now <= after:
        return 0.0
    stored = sum(line.usd for c in graph.estimate.components for line in c.lines if line.item == "logs stored")
    return stored * (1 - after / now)


def function_total(graph: Graph, name: str) -> float:
    cost = graph.estimate.component(name)
    return cost.usd if cost else 0.0


__all__ = ["DAYS_PER_MONTH", "arm64", "function_total", "http_api", "log_retention"]
