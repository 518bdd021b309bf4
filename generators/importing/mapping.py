"""Template -> Design: typed components where the model knows the type, verbatim everything else."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePosixPath
from typing import Any

from pydantic import TypeAdapter, ValidationError

from generators.importing.parse import Template, TemplateError, parse_template
from generators.importing.relations import Relation, find_relations
from generators.importing.typed import MISSING, TYPED, get_path
from generators.model import Component, Design, DesignError
from generators.model.connections import CONNECTION_RULES, SETTINGS_BY_SOURCE, TRIGGER_TARGETS
from generators.model.design import RESERVED_SUFFIXES
from generators.model.imported import RESOURCE_ATTRIBUTES, SECTIONS, Imported, ImportedResource
from generators.model.names import pascal

_COMPONENT: TypeAdapter[Any] = TypeAdapter(Component)
_ENV_KIND = {"table": "reads", "bucket": "reads", "stream": "publishes", "queue": "publishes",
             "topic": "publishes", "event_bus": "publishes", "function": "invokes", "state_machine": "starts"}


@dataclass
class Report:
    typed: list[tuple[str, str, str]] = field(default_factory=list)  # logical id, type, component kind
    verbatim: list[tuple[str, str, str]] = field(default_factory=list)  # logical id, type, why
    overrides: dict[str, list[str]] = field(default_factory=dict)  # logical id -> property names kept verbatim
    recovered: list[tuple[str, str, str, str]] = field(default_factory=list)  # kind, source, target, where
    missed: list[tuple[str, str, str, str]] = field(default_factory=list)  # kind, source, target, why
    sections: list[str] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "typed": [{"logical_id": i, "type": t, "kind": k} for i, t, k in self.typed],
            "verbatim": [{"logical_id": i, "type": t, "why": w} for i, t, w in self.verbatim],
            "overrides": self.overrides,
            "relationships": {
                "recovered": [{"kind": k, "source": s, "target": t, "where": w} for k, s, t, w in self.recovered],
                "missed": [{"kind": k, "source": s, "target": t, "why": w} for k, s, t, w in self.missed],
            },
            "sections": self.sections,
            "findings": self.findings,
        }

    def as_text(self) -> str:
        lines = [f"typed: {len(self.typed)} resource(s)"]
        lines += [f"  {i} ({t}) -> {k}" for i, t, k in self.typed]
        lines.append(f"kept verbatim: {len(self.verbatim)} resource(s)")
        lines += [f"  {i} ({t}): {w}" for i, t, w in self.verbatim]
        for lid, names in self.overrides.items():
            lines.append(f"  overrides on {lid}: {', '.join(names)}")
        lines.append(f"sections kept: {', '.join(self.sections) or 'none'}")
        lines.append(f"relationships recovered as connections: {len(self.recovered)}")
        lines += [f"  {s} -{k}-> {t} ({w})" for k, s, t, w in self.recovered]
        lines.append(f"relationships kept verbatim: {len(self.missed)}")
        lines += [f"  {s} -{k}-> {t}: {w}" for k, s, t, w in self.missed]
        lines.append(f"advisor findings: {len(self.findings)}")
        lines += [f"  {f['severity']} {f['rule']} {f.get('component') or ''}: {f['message']}" for f in self.findings]
        return "\n".join(lines) + "\n"


@dataclass
class ImportResult:
    design: Design
    report: Report
    template: Template


def connection_key(connection: Any) -> str:
    get = connection.get if isinstance(connection, dict) else lambda key: getattr(connection, key)
    return f"{get('kind')} {get('source')} {get('target')}"


def kebab(logical_id: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", logical_id).lower()


def import_template(text: str | bytes, name: str = "template.yaml", *, advise_design: bool = True) -> ImportResult:
    template = parse_template(text, name)
    plain = template.plain
    resources: dict[str, Any] = plain["Resources"]
    report = Report(sections=[s for s in SECTIONS if s in plain])
    globals_: dict[str, Any] = plain["Globals"] if isinstance(plain.get("Globals"), dict) else {}
    components: list[Any] = []
    imported: list[ImportedResource] = []
    kinds: dict[str, str] = {}  # logical id -> component kind (typed only)
    for lid, resource in resources.items():
        props = resource.get("Properties") or {}
        attributes = {k: resource[k] for k in RESOURCE_ATTRIBUTES if k in resource}
        unknown = sorted(set(resource) - {"Type", "Properties", *RESOURCE_ATTRIBUTES})
        component, overrides, why = _typed(lid, resource["Type"], props, globals_)
        if unknown:
            component, why = None, f"unknown resource keys {unknown} are kept verbatim"
        if component is None:
            imported.append(ImportedResource(logical_id=lid, type=resource["Type"], properties=props,
                                             attributes=attributes, why=why))
            report.verbatim.append((lid, resource["Type"], why))
            continue
        components.append(component)
        kinds[lid] = component.kind
        imported.append(ImportedResource(logical_id=lid, type=resource["Type"], component=component.name,
                                         properties=overrides, attributes=attributes,
                                         baseline=component.model_dump(mode="json", exclude_none=True)))
        report.typed.append((lid, resource["Type"], component.kind))
        if overrides:
            report.overrides[lid] = sorted(overrides)
    if not components:
        raise TemplateError([(f"{name}: Resources", "no resource maps to a component the designer knows "
                                                     f"(known types: {', '.join(sorted(TYPED))})")])
    connections = _connections(find_relations(resources), kinds, report)
    project = {"name": _project_name(name, {c.name for c in components}),
               "language": _language(resources, globals_),
               "description": str(plain.get("Description", ""))[:256].replace("\n", " ").strip()}
    sections = {s: plain[s] for s in SECTIONS if s in plain}
    design = _build(project, components, connections, report, lambda kept: Imported(
        source_format="json" if template.fmt == "json" else "yaml",
        source_name=PurePosixPath(name).name[:255] or "template.yaml",
        original=template.text, sections=sections, resources=imported,
        baseline_connections=[connection_key(c) for c in kept]))
    if advise_design:
        from generators.advisor import advise

        report.findings = [{"rule": f.rule, "severity": f.severity, "component": f.component,
                            "message": f.message} for f in advise(design)]
    return ImportResult(design=design, report=report, template=template)


def _build(project: dict[str, Any], components: list[Any], connections: list[dict[str, Any]], report: Report,
           imported: Any) -> Design:
    """Validate the graph; a connection the model refuses (a second event kind on one function ...) is dropped
    from the typed graph and reported: the template keeps it verbatim either way."""
    for _ in range(len(connections) + 1):
        try:
            return Design.model_validate({"project": project, "components": components,
                                          "connections": connections, "imported": imported(connections)})
        except (ValidationError, DesignError) as exc:
            problems = exc.problems if isinstance(exc, DesignError) else [
                (".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
            drop = _culprit(problems, components, connections)
            if drop is None:
                place, message = problems[0]
                raise TemplateError([(place or "design", message)]) from None
            gone = connections.pop(drop)
            for i, item in enumerate(report.recovered):
                if (item[0], kebab(item[1]), kebab(item[2])) == (gone["kind"], gone["source"], gone["target"]):
                    report.missed.append((item[0], item[1], item[2], f"the designer's model refuses it: "
                                          f"{problems[0][1]}; kept verbatim ({item[3]})"))
                    del report.recovered[i]
                    break
    raise TemplateError([("design", "the relationships could not be mapped")])


def _culprit(problems: list[tuple[str, str]], components: list[Any], connections: list[dict[str, Any]]) -> int | None:
    for place, message in problems:
        place = f"{place} {message}"
        match = re.search(r"connections\[(\d+)\]", place)
        if match and int(match.group(1)) < len(connections):
            return int(match.group(1))
        match = re.search(r"components\[(\d+)\]", place)
        if match and int(match.group(1)) < len(components):
            name = components[int(match.group(1))].name
            touching = [i for i, c in enumerate(connections) if name in (c["source"], c["target"])]
            if touching:
                return touching[-1]
    return None


def _typed(lid: str, rtype: str, props: Any, globals_: dict[str, Any]) -> tuple[Any, dict[str, Any], str]:
    row = TYPED.get(rtype)
    if row is None:
        return None, {}, f"{rtype} is not a component kind of the designer"
    name = kebab(lid)
    if pascal(name) != lid:
        return None, {}, f"the logical id {lid} does not round-trip through a component name ({name})"
    if name.endswith(RESERVED_SUFFIXES):
        return None, {}, f"its component name {name} would end with a suffix the generated resources use"
    if not isinstance(props, dict):
        return None, {}, "Properties is not a mapping (an intrinsic function or a Condition)"
    defaults = (globals_.get(row.globals_section) or {}) if row.globals_section else {}
    values: dict[str, Any] = {"kind": row.kind, "name": name, **row.fixed}
    overrides = dict(props)
    for fmap in row.fields:
        raw = get_path(props, fmap.path)
        if raw is MISSING and isinstance(defaults, dict):
            raw = get_path(defaults, fmap.path)
        if raw is MISSING:
            continue
        try:
            values[fmap.field] = fmap.read(raw)
            _COMPONENT.validate_python(values)
        except (ValueError, ValidationError):
            values.pop(fmap.field, None)
            continue
        if get_path(props, fmap.path) is not MISSING and len(fmap.path) == 1:
            overrides.pop(fmap.path[0], None)
    _special_reads(row.kind, props, values)
    try:
        component = _COMPONENT.validate_python(values)
    except ValidationError as exc:
        return None, {}, f"does not fit the {row.kind} model: {exc.errors()[0]['msg']}"
    return component, overrides, ""


def _special_reads(kind: str, props: dict[str, Any], values: dict[str, Any]) -> None:
    if kind == "queue":
        values["dlq"] = "RedrivePolicy" in props
    elif kind == "bucket":
        values["versioned"] = get_path(props, ("VersioningConfiguration", "Status")) == "Enabled"
    elif kind == "table":
        values["point_in_time_recovery"] = get_path(
            props, ("PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")) is True
        stream = get_path(props, ("StreamSpecification", "StreamViewType"))
        if stream in ("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"):
            values["stream"] = stream
        if props.get("BillingMode") == "PAY_PER_REQUEST" or ("BillingMode" not in props and "ProvisionedThroughput" \
                not in props and "KeySchema" not in props):
            values["billing_mode"] = "PAY_PER_REQUEST"
    elif kind == "stream" and get_path(props, ("StreamModeDetails", "StreamMode")) == "ON_DEMAND":
        values["mode"] = "ON_DEMAND"


def _connections(relations: list[Relation], kinds: dict[str, str], report: Report) -> list[dict[str, Any]]:
    explicit = {(r.source, r.target) for r in relations if r.kind != "env"}
    seen: set[tuple[str, str, str]] = set()
    connections: list[dict[str, Any]] = []
    pairs_seen: set[tuple[str, str]] = set()
    for rel in relations:
        kind = rel.kind
        if kind == "env":
            if (rel.source, rel.target) in explicit:
                continue
            kind = _ENV_KIND.get(kinds.get(rel.target, ""), "reads")
        if rel.source == rel.target:
            continue
        key = (kind, rel.source, rel.target)
        if key in seen:
            continue
        seen.add(key)
        pairs_seen.add((rel.source, rel.target))
        source_kind, target_kind = kinds.get(rel.source), kinds.get(rel.target)
        if source_kind is None or target_kind is None:
            verbatim = rel.source if source_kind is None else rel.target
            report.missed.append((kind, rel.source, rel.target, f"{verbatim} is kept verbatim ({rel.where})"))
            continue
        allowed = CONNECTION_RULES.get(kind)
        if allowed is None or source_kind not in allowed[0] or target_kind not in allowed[1] or (
                kind == "triggers" and target_kind not in TRIGGER_TARGETS.get(source_kind, frozenset())):
            report.missed.append((kind, rel.source, rel.target,
                                  f"the designer has no {kind} connection from a {source_kind} to a "
                                  f"{target_kind}; kept verbatim ({rel.where})"))
            continue
        settings = dict(rel.settings)
        if kind == "triggers":
            settings = {k: v for k, v in settings.items() if k in SETTINGS_BY_SOURCE.get(source_kind, ())}
        connection = {"kind": kind, "source": kebab(rel.source), "target": kebab(rel.target), **settings}
        connections.append(_valid_connection(connection))
        report.recovered.append((kind, rel.source, rel.target, rel.where))
    return connections


@cache
def _connection_adapter() -> TypeAdapter[Any]:
    from generators.model import Connection

    return TypeAdapter(Connection)


def _valid_connection(connection: dict[str, Any]) -> dict[str, Any]:
    """Drop settings the model rejects (an intrinsic as a batch size, a path with a greedy proxy ...)."""
    adapter = _connection_adapter()
    for _ in range(len(connection)):
        try:
            adapter.validate_python(connection)
            return connection
        except ValidationError as exc:
            bad = str(exc.errors()[0]["loc"][1]) if len(exc.errors()[0]["loc"]) > 1 else ""
            if bad not in connection or bad in ("kind", "source", "target"):
                break
            connection.pop(bad)
    return {k: connection[k] for k in ("kind", "source", "target")}


def _language(resources: dict[str, Any], globals_: dict[str, Any]) -> str:
    runtimes = [str((r.get("Properties") or {}).get("Runtime", "")) for r in resources.values()
                if isinstance(r.get("Properties"), dict)]
    runtimes.append(str((globals_.get("Function") or {}).get("Runtime", "")))
    return "typescript" if any(r.startswith("nodejs") for r in runtimes) and not any(
        r.startswith("python") for r in runtimes) else "python"


def _project_name(source_name: str, taken: set[str]) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", PurePosixPath(source_name).stem.lower()).strip("-")
    stem = re.sub(r"^[^a-z]+", "", stem)[:40].strip("-") or "imported"
    name = stem if stem not in ("template",) else "imported"
    while name in taken:
        name = f"{name}-project"
    return name
