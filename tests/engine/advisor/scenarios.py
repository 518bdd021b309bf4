"""Designs for the advisor's scenario tables, built through the blueprints and then changed one fact at a time."""

from __future__ import annotations

from typing import Any

from generators.advisor.graph import Graph
from generators.advisor.registry import RULES_BY_ID
from generators.blueprints import BLUEPRINTS
from generators.cost import Traffic
from generators.model import (
    Authorizes,
    Design,
    Integrates,
    Invokes,
    Project,
    Publishes,
    Reads,
    Routes,
    Starts,
    StateMachine,
    Triggers,
    WorkflowWorkload,
    Workload,
    Writes,
)
from generators.model.io import design_from_data, design_to_data

Case = tuple[str, str, Any, list[str]]
"""(scenario sentence, rule id, design factory, components or paths the rule must flag; [] = no finding)."""


def bp(blueprint: str, project: dict[str, Any] | None = None, **options: Any) -> Design:
    return BLUEPRINTS[blueprint].build(Project(name="shop", **(project or {})), options)


def _rebuilt(design: Design) -> Design:
    return design_from_data(design_to_data(design))


def change(design: Design, name: str, **fields: Any) -> Design:
    """The design with fields of component `name` changed (the result is fully validated)."""
    draft = design.model_copy(deep=True)
    target = draft.component(name)
    for key, value in fields.items():
        if key == "workload" and isinstance(value, dict):
            value = Workload(**value)
        setattr(target, key, value)
    return _rebuilt(draft)


def change_edge(design: Design, kind: str, source: str, target: str, **fields: Any) -> Design:
    draft = design.model_copy(deep=True)
    edge = next(c for c in draft.connections if (c.kind, c.source, c.target) == (kind, source, target))
    for key, value in fields.items():
        setattr(edge, key, value)
    return _rebuilt(draft)


def add(design: Design, *items: Any) -> Design:
    """The design with components and/or connections appended."""
    draft = design.model_copy(deep=True)
    for item in items:
        if isinstance(item, _CONNECTIONS):
            draft.connections.append(item)
        else:
            draft.components.append(item)
    return _rebuilt(draft)


def drop_edge(design: Design, kind: str, source: str, target: str) -> Design:
    draft = design.model_copy(deep=True)
    draft.connections[:] = [c for c in draft.connections if (c.kind, c.source, c.target) != (kind, source, target)]
    return _rebuilt(draft)


def project(design: Design, **fields: Any) -> Design:
    draft = design.model_copy(deep=True)
    for key, value in fields.items():
        setattr(draft.project, key, value)
    return _rebuilt(draft)


_CONNECTIONS = (Authorizes, Integrates, Invokes, Publishes, Reads, Routes, Starts, Triggers, Writes)


def change_step(design: Design, machine: str, step: str, **fields: Any) -> Design:
    draft = design.model_copy(deep=True)
    sm = draft.component(machine)
    assert isinstance(sm, StateMachine)
    target = next(s for s in sm.steps if s.name == step)
    for key, value in fields.items():
        setattr(target, key, value)
    return _rebuilt(draft)


def workflow_workload(design: Design, machine: str, **facts: Any) -> Design:
    return change(design, machine, workload=WorkflowWorkload(**facts))


def check_rule(rule_id: str, built: Design | tuple[Design, Traffic], expected: list[str]) -> None:
    """The rule flags exactly `expected` (components, or paths for design-level findings), each finding is
    complete, and each fix leaves the input untouched and returns a valid design the finding is gone from.

    `built` is a design, or a design with the traffic assumptions the cost-lever rules price it with."""
    design, traffic = built if isinstance(built, tuple) else (built, None)
    rule = RULES_BY_ID[rule_id]
    before = design_to_data(design)
    findings = list(rule.check(Graph(design, traffic)))
    assert sorted(f.component or f.path or "" for f in findings) == sorted(expected)
    for finding in findings:
        assert (finding.rule, finding.severity, finding.title) == (rule.id, rule.severity, rule.title)
        assert finding.message
        assert finding.hint
        assert finding.source == rule.source
        if finding.connection is not None:
            conn = design.connections[finding.connection]
            assert finding.edge == f"{conn.source} -{conn.kind}-> {conn.target}"
        if rule.fix is None:
            assert finding.fix is None, "a rule documented without a fix offered one"
        if finding.fix is None:
            continue
        fixed = finding.fix.apply(design)
        assert design_to_data(design) == before, "the fix changed its input"
        where = (finding.component, finding.path)
        again = [f for f in rule.check(Graph(fixed, traffic)) if (f.component, f.path) == where]
        assert not again, f"the fix did not resolve: {again[0].message if again else ''}"
