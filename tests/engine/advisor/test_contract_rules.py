"""Scenario table for the event-contract rules (issue 14)."""

from __future__ import annotations

from typing import Any

import pytest

from generators.model import Design
from tests.engine.advisor.scenarios import Case, bp, change_edge, check_rule
from tests.engine.contracts.designs import ORDER_CANCELLED, ORDER_CREATED, with_contracts


def sns_body_filter(policy: dict[str, Any], contracts: bool = True) -> Design:
    design = change_edge(bp("fan-out"), "triggers", "events", "billing", filter_policy=policy,
                         filter_policy_scope="MessageBody")
    return with_contracts(design, ORDER_CREATED, ORDER_CANCELLED) if contracts else design


def bus_pattern(detail: dict[str, Any]) -> Design:
    design = bp("fan-out", channel="eventbridge")
    design = change_edge(design, "triggers", "events", "billing",
                         event_pattern={"detail-type": ["order.created"], "detail": detail})
    return with_contracts(design, ORDER_CREATED, ORDER_CANCELLED)


CASES: list[Case] = [
    ("an SNS body filter on a field the contract has is fine", "CT-01",
     lambda: sns_body_filter({"event_type": ["order.created"], "data": {"status": ["paid"]}}), []),
    ("an SNS body filter on a field no contract has is an error", "CT-01",
     lambda: sns_body_filter({"event_type": ["order.created"], "data": {"colour": ["red"]}}), ["billing"]),
    ("a filter on a nested field of the contract is fine", "CT-01",
     lambda: sns_body_filter({"event_type": ["order.created"], "data": {"address": {"city": ["Paris"]}}}), []),
    ("a filter on a nested field the contract lacks is an error", "CT-01",
     lambda: sns_body_filter({"event_type": ["order.created"], "data": {"address": {"street": ["x"]}}}),
     ["billing"]),
    ("without contracts the rule says nothing", "CT-01",
     lambda: sns_body_filter({"event_type": ["order.created"], "data": {"colour": ["red"]}}, contracts=False), []),
    ("an EventBridge pattern on the contract's data is fine", "CT-01",
     lambda: bus_pattern({"data": {"total": [{"numeric": [">", 10]}]}}), []),
    ("an EventBridge pattern on a field the routed event type lacks is an error", "CT-01",
     lambda: bus_pattern({"data": {"reason": ["late"]}}), ["billing"]),
]


@pytest.mark.parametrize(("scenario", "rule", "build", "expected"), CASES, ids=[c[0] for c in CASES])
def test_contract_rules(scenario: str, rule: str, build: Any, expected: list[str]) -> None:
    check_rule(rule, build(), expected)
