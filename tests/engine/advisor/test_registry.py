"""The registry is complete, ids are unique catalog ids, every rule has a trigger and a no-trigger scenario,
and docs/advisor-rules.md is current."""

from __future__ import annotations

import importlib
import pkgutil
import re

import generators.advisor.rules as rules_package
from generators.advisor import docs
from generators.advisor.registry import ALL_RULES, RULES_BY_ID
from generators.advisor.rule import AREAS

SCENARIO_MODULES = (
    "tests.engine.advisor.test_function_rules",
    "tests.engine.advisor.test_api_rules",
    "tests.engine.advisor.test_messaging_rules",
    "tests.engine.advisor.test_workflow_and_cost_rules",
    "tests.engine.advisor.test_contract_rules",
)
CATALOG_PREFIXES = {"FN", "IAM", "API", "SQS", "STR", "S3", "SNS", "EB", "SFN", "VPC", "OBS", "COST",
                    "CT",  # CT: event contracts (issue 14), beyond the seed catalog
                    "STACK"}  # STACK: CloudFormation's per-stack limits, beyond the seed catalog


def _rule_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(rules_package.__path__, prefix=f"{rules_package.__name__}."):
        leaf = info.name.rsplit(".", 1)[-1]
        if not info.ispkg and not leaf.startswith("_"):
            names.append(info.name)
    return sorted(names)


def test_every_rule_module_is_registered_exactly_once() -> None:
    registered = [rule.check.__module__ for rule in ALL_RULES]
    assert sorted(registered) == _rule_modules()
    for name in _rule_modules():
        assert importlib.import_module(name).RULE in ALL_RULES


def test_there_are_at_least_80_rules_with_unique_catalog_ids() -> None:
    ids = [rule.id for rule in ALL_RULES]
    assert len(ids) >= 80
    assert len(set(ids)) == len(ids)
    for rule_id in ids:
        assert re.fullmatch(r"[A-Z][A-Z0-9]{1,4}-\d{2}", rule_id)
        assert rule_id.split("-")[0] in CATALOG_PREFIXES


def test_each_rule_declares_its_identity_as_data() -> None:
    for rule in ALL_RULES:
        assert all((rule.title, rule.checks, rule.source)), rule.id
        assert rule.severity in ("error", "warning", "info"), rule.id
        assert rule.area in AREAS, rule.id
        assert rule.check.__module__.split(".")[-2] == rule.area, f"{rule.id} lives outside rules/{rule.area}/"


def test_every_rule_has_a_triggering_and_a_passing_scenario() -> None:
    triggered: set[str] = set()
    passed: set[str] = set()
    for name in SCENARIO_MODULES:
        for _sentence, rule_id, _build, expected in importlib.import_module(name).CASES:
            assert rule_id in RULES_BY_ID, f"scenario for unknown rule {rule_id}"
            (triggered if expected else passed).add(rule_id)
    assert set(RULES_BY_ID) - triggered == set(), "rules without a triggering scenario"
    assert set(RULES_BY_ID) - passed == set(), "rules without a non-triggering scenario"


def test_the_rules_reference_is_up_to_date() -> None:
    current = docs.DOC_PATH.read_text(encoding="utf-8")
    assert current == docs.render(), "docs/advisor-rules.md is stale: run `python -m generators.advisor.docs`"


def test_the_rules_reference_lists_every_rule() -> None:
    text = docs.render()
    for rule in ALL_RULES:
        assert f"| {rule.id} |" in text
