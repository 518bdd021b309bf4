"""What an edit changes in the generated project: the resources, IAM actions, environment variables and event
sources of the SAM template, before and after (issue 12, "change summary").

Computed from the SAM template the renderer builds (its dict, before printing), so the summary shows what the
project will contain, whatever the design's own target: CDK projects synthesise the same resources."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generators.model import Design
from generators.renderers.cfn_yaml import Intrinsic

Facts = dict[str, set[str]]
_FUNCTION = "AWS::Serverless::Function"


@dataclass
class ChangeSummary:
    resources_added: list[str] = field(default_factory=list)
    resources_removed: list[str] = field(default_factory=list)
    iam_granted: list[str] = field(default_factory=list)
    iam_revoked: list[str] = field(default_factory=list)
    env_added: list[str] = field(default_factory=list)
    env_removed: list[str] = field(default_factory=list)
    events_added: list[str] = field(default_factory=list)
    events_removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__)

    def as_dict(self) -> dict[str, list[str]]:
        return {name: list(getattr(self, name)) for name in self.__dataclass_fields__}

    def sections(self) -> list[tuple[str, list[str], list[str]]]:
        """(title, added, removed) per kind of change, for pages."""
        return [("Resources", self.resources_added, self.resources_removed),
                ("IAM actions", self.iam_granted, self.iam_revoked),
                ("Environment variables", self.env_added, self.env_removed),
                ("Event sources", self.events_added, self.events_removed)]


def sam_template(design: Design) -> dict[str, Any]:
    """The SAM template (as a dict) of the design rendered for SAM, whatever its own target."""
    from generators.renderers.sam.template import TemplateBuilder

    if design.project.iac != "sam":
        design = design.model_copy(update={"project": design.project.model_copy(update={"iac": "sam"})})
    built: dict[str, Any] = TemplateBuilder(design).build()
    return built


def _text(value: Any) -> str:
    if isinstance(value, Intrinsic):
        return str(value.value) if not isinstance(value.value, list) else str(value.value[0])
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_text(v)}" for k, v in value.items())
    return str(value)


def template_facts(template: dict[str, Any] | None) -> dict[str, set[str]]:
    resources: set[str] = set()
    iam: set[str] = set()
    env: set[str] = set()
    events: set[str] = set()
    for logical_id, resource in ((template or {}).get("Resources") or {}).items():
        kind = resource.get("Type", "")
        resources.add(f"{logical_id} ({kind})")
        props = resource.get("Properties") or {}
        for policy in props.get("Policies") or [] if isinstance(props.get("Policies"), list) else []:
            if not isinstance(policy, dict):
                continue
            if kind == "AWS::IAM::Role":
                policy = policy.get("PolicyDocument") or {}
            if "Statement" in policy:
                for statement in policy.get("Statement") or []:
                    if statement.get("Effect") != "Allow":
                        continue
                    actions = statement.get("Action") or []
                    targets = statement.get("Resource")
                    # one fact per (action, resource): how statements are grouped is not a change
                    for action in [actions] if isinstance(actions, str) else actions:
                        for target in targets if isinstance(targets, list) else [targets]:
                            iam.add(f"{logical_id}: {action} on {_text(target)}")
            else:  # SAM policy templates (`DynamoDBWritePolicy: {TableName: ...}`)
                for template_name, value in policy.items():
                    iam.add(f"{logical_id}: {template_name} on {_text(value)}")
        for name in props.get("DefinitionSubstitutions") or {}:
            env.add(f"{logical_id}: ${{{name}}} (definition substitution)")
        if kind == _FUNCTION:
            for name in ((props.get("Environment") or {}).get("Variables") or {}):
                env.add(f"{logical_id}: {name}")
            for name, event in (props.get("Events") or {}).items():
                events.add(f"{logical_id} ← {name} ({event.get('Type', '')})")
        elif kind == "AWS::Lambda::EventSourceMapping":
            events.add(f"{_text(props.get('FunctionName'))} ← {_text(props.get('EventSourceArn'))} (mapping)")
    return {"resources": resources, "iam": iam, "env": env, "events": events}


def summarize(before: dict[str, set[str]], after: dict[str, set[str]]) -> ChangeSummary:
    def diff(key: str) -> tuple[list[str], list[str]]:
        return sorted(after[key] - before[key]), sorted(before[key] - after[key])

    summary = ChangeSummary()
    summary.resources_added, summary.resources_removed = diff("resources")
    summary.iam_granted, summary.iam_revoked = diff("iam")
    summary.env_added, summary.env_removed = diff("env")
    summary.events_added, summary.events_removed = diff("events")
    return summary


def change_summary(before: Design | None, after: Design | None) -> ChangeSummary:
    """What the generated SAM project gains and loses going from `before` to `after` (None = nothing)."""
    return summarize(template_facts(sam_template(before) if before else None),
                     template_facts(sam_template(after) if after else None))
