"""Write an imported design back to SAM without loss.

Unedited: the original text, byte for byte. Edited: the original text with only the resources the edit changed
re-emitted (text splicing on the round-trip tree's line numbers, so comments, order and formatting of every
untouched line survive); new components are rendered by the SAM target and appended, and an imported function
that a new connection reaches gets the new Events/Policies/Environment entries the SAM target would give it.
"""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

from ruamel.yaml.comments import CommentedMap

from generators.importing.mapping import connection_key
from generators.importing.parse import Template, _yaml, dump_document, parse_template, to_plain
from generators.importing.relations import referenced_ids
from generators.importing.typed import MISSING, TYPED, get_path
from generators.model import Design
from generators.model.imported import ImportedResource
from generators.model.names import pascal


class WriteBackError(ValueError):
    """An edit the write-back cannot express (named), instead of a wrong template."""


def is_unedited(design: Design) -> bool:
    imported = design.imported
    assert imported is not None
    typed = imported.by_component()
    names = {c.name for c in design.components}
    if names != set(typed):
        return False
    for component in design.components:
        if component.model_dump(mode="json", exclude_none=True) != typed[component.name].baseline:
            return False
    return sorted(connection_key(c) for c in design.connections) == sorted(imported.baseline_connections)


def render_imported_template(design: Design) -> str:
    imported = design.imported
    if imported is None:
        raise WriteBackError("the design was not imported")
    if is_unedited(design):
        return imported.original
    template = parse_template(imported.original, imported.source_name)
    resources_node = template.document["Resources"]
    typed = imported.by_component()
    current = {c.name: c for c in design.components}
    changed: set[str] = set()
    deleted: list[str] = []
    for name, resource in typed.items():
        component = current.get(name)
        if component is None:
            deleted.append(resource.logical_id)
            continue
        now = component.model_dump(mode="json", exclude_none=True)
        _refuse_unwritable(name, resource, now)
        if now != resource.baseline and _write_fields(resources_node[resource.logical_id], resource, now):
            changed.add(resource.logical_id)
    new_names = [name for name in current if name not in typed]
    baseline = set(imported.baseline_connections)
    new_connections = [c for c in design.connections if connection_key(c) not in baseline]
    added: dict[str, Any] = {}
    extra_sections: dict[str, dict[str, Any]] = {}
    if new_names or new_connections:
        added, extra_sections = _render_additions(design, template, new_names, new_connections, changed)
    if template.fmt == "json":
        return _json_out(template, deleted, added, extra_sections)
    return _splice(template, changed, deleted, added, extra_sections)


def _refuse_unwritable(name: str, resource: ImportedResource, now: dict[str, Any]) -> None:
    """An edited setting the template has no mapped place for is refused by name, never silently dropped."""
    writable = {fmap.field for fmap in TYPED[resource.type].fields}
    edited = sorted(k for k in {*now, *resource.baseline} if now.get(k) != resource.baseline.get(k))
    unwritable = [key for key in edited if key not in writable]
    if unwritable:
        raise WriteBackError(
            f"component {name}: {', '.join(unwritable)} of an imported {resource.type} cannot be written back to "
            f"the template (the designer writes {', '.join(sorted(writable)) or 'none of its settings'}); "
            f"change it in the template and import it again")


def _write_fields(node: Any, resource: ImportedResource, now: dict[str, Any]) -> bool:
    row = TYPED[resource.type]
    props = node.get("Properties")
    if props is None:
        props = node["Properties"] = CommentedMap()
    wrote = False
    for fmap in row.fields:
        if now.get(fmap.field) == resource.baseline.get(fmap.field):
            continue
        value = now.get(fmap.field)
        target = props
        for key in fmap.path[:-1]:
            if key not in target or not isinstance(target[key], dict):
                target[key] = CommentedMap()
            target = target[key]
        if value is None:
            target.pop(fmap.path[-1], None)
        else:
            target[fmap.path[-1]] = fmap.write(value)
        wrote = True
    return wrote


def _to_nodes(data: Any) -> Any:
    """Renderer data (Intrinsic objects) -> ruamel nodes with short-form tags."""
    from generators.renderers.cfn_yaml import dump

    return _yaml().load(StringIO(dump({"x": data})))["x"]


def _plain(data: Any) -> Any:
    """Renderer data (Intrinsic objects) -> plain data in the long JSON form, without a YAML round trip."""
    from generators.renderers.cfn_yaml import Intrinsic

    if isinstance(data, Intrinsic):
        name, value = data.tag.lstrip("!"), _plain(data.value)
        if name == "GetAtt" and isinstance(value, str):
            resource, _, attribute = value.partition(".")
            return {"Fn::GetAtt": [resource, attribute]}
        return {name: value} if name in ("Ref", "Condition") else {f"Fn::{name}": value}
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_plain(v) for v in data]
    return data


def _render_additions(design: Design, template: Template, new_names: list[str], new_connections: list[Any],
                      changed: set[str]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    from generators.renderers.sam.template import TemplateBuilder

    rendered = TemplateBuilder(design).build()
    original_ids = set(template.plain["Resources"])
    rendered_resources: dict[str, Any] = rendered["Resources"]
    plain_rendered = _plain(rendered_resources)
    new_ids = {pascal(name) for name in new_names}
    all_ids = set(plain_rendered)
    imported_ids = original_ids - new_ids

    def owned_by_import(lid: str) -> bool:
        return any(lid.startswith(i) for i in imported_ids) and not any(lid.startswith(n) for n in new_ids)

    added_ids = [lid for lid in plain_rendered if lid not in original_ids and not owned_by_import(lid) and (
        any(lid.startswith(n) for n in new_ids) or set(referenced_ids(plain_rendered[lid], all_ids)) & new_ids)]
    queue = list(added_ids)
    while queue:  # what the added resources need (the alarm topic of a new function's alarms ...)
        for ref in referenced_ids(plain_rendered[queue.pop()], all_ids):
            if ref not in original_ids and ref not in added_ids and not owned_by_import(ref):
                added_ids.append(ref)
                queue.append(ref)
    # an imported function reached by a new connection gets the entries the SAM target gives it
    resources_node = template.document["Resources"]
    touched = {pascal(c.source) for c in new_connections} | {pascal(c.target) for c in new_connections}
    for lid in sorted(touched & original_ids):
        fresh = plain_rendered.get(lid, {}).get("Properties") or {}
        node = resources_node[lid]
        if _merge_entries(node, fresh, rendered_resources[lid].get("Properties") or {}, new_ids | set(added_ids)):
            changed.add(lid)
        statements = _new_statements(plain_rendered, rendered_resources, lid, new_ids | set(added_ids))
        if statements:
            owner = _policy_owner(template, lid)
            if owner is not None:
                policies = resources_node[owner]["Properties"].setdefault("Policies", _to_nodes([]))
                entry = {"Statement": statements} if owner == lid else {
                    "PolicyName": "designer-added", "PolicyDocument": {"Version": "2012-10-17",
                                                                       "Statement": statements}}
                policies.append(_to_nodes(entry))
                changed.add(owner)
    added = {lid: rendered_resources[lid] for lid in added_ids}
    needed = json.dumps(_plain(added)) + json.dumps(
        [to_plain(resources_node[lid]) for lid in changed])
    extra: dict[str, dict[str, Any]] = {}
    patterns = {"Parameters": '"Ref": "{}"', "Conditions": '"Condition": "{}"', "Mappings": '"Fn::FindInMap": ["{}"'}
    for section in ("Parameters", "Conditions", "Mappings"):
        have = template.plain.get(section) or {}
        for key, value in (rendered.get(section) or {}).items():
            if key not in have and (patterns[section].format(key) in needed or f"${{{key}}}" in needed
                                    or f'"Fn::If": ["{key}"' in needed):
                extra.setdefault(section, {})[key] = value
    return added, extra


def _new_statements(plain: dict[str, Any], raw: dict[str, Any], lid: str, new_ids: set[str]) -> list[Any]:
    """IAM statements the SAM target grants function `lid` on the new components (from its generated role)."""
    role = plain.get(f"{lid}Role")
    if role is None:
        return []
    found: list[Any] = []
    for p_index, policy in enumerate((role.get("Properties") or {}).get("Policies") or []):
        for s_index, statement in enumerate((policy.get("PolicyDocument") or {}).get("Statement") or []):
            if set(referenced_ids(statement.get("Resource"), new_ids)):
                found.append(raw[f"{lid}Role"]["Properties"]["Policies"][p_index]["PolicyDocument"]["Statement"][
                    s_index])
    return found


def _policy_owner(template: Template, lid: str) -> str | None:
    """Where a function's new permissions go: its SAM Policies, or the hand-written role it names."""
    resource = template.plain["Resources"][lid]
    props = resource.get("Properties") or {}
    role_ids = referenced_ids(props.get("Role"), set(template.plain["Resources"]))
    if role_ids and template.plain["Resources"][role_ids[0]]["Type"] == "AWS::IAM::Role":
        return role_ids[0]
    if resource["Type"] == "AWS::Serverless::Function" and "Role" not in props:
        return lid
    return None


def _merge_entries(node: Any, fresh_plain: dict[str, Any], fresh: dict[str, Any], new_ids: set[str]) -> bool:
    props = node.setdefault("Properties", CommentedMap())
    merged = False
    for path in (("Events",), ("Environment", "Variables")):
        entries = get_path(fresh_plain, path)
        if entries is MISSING or not isinstance(entries, dict):
            continue
        raw = get_path(fresh, path)
        for name, value in entries.items():
            if set(referenced_ids(value, new_ids)) and (get_path(props, path) is MISSING or
                                                        name not in get_path(props, path)):
                target = props
                for part in path:
                    if part not in target:
                        target[part] = CommentedMap()
                    target = target[part]
                target[name] = _to_nodes(raw[name])
                merged = True
    policies = fresh_plain.get("Policies")
    if isinstance(policies, list):
        for i, policy in enumerate(policies):
            if set(referenced_ids(policy, new_ids)):
                if "Policies" not in props or not isinstance(props["Policies"], list):
                    props["Policies"] = _to_nodes([])
                props["Policies"].append(_to_nodes(fresh["Policies"][i]))
                merged = True
    return merged


def _resource_spans(template: Template) -> tuple[dict[str, tuple[int, int]], int]:
    """Line span [start, end) of each resource (comments and blank lines before the next one excluded) and the
    column of the logical ids."""
    lines = template.text.splitlines(keepends=True)
    document = template.document
    keys = list(document)
    res_index = keys.index("Resources")
    end_of_section = len(lines)
    if res_index + 1 < len(keys):
        end_of_section = document.lc.key(keys[res_index + 1])[0]
        end_of_section = _trim_back(lines, end_of_section, 0)
    resources = document["Resources"]
    ids = list(resources)
    spans: dict[str, tuple[int, int]] = {}
    column = resources.lc.key(ids[0])[1]
    for i, lid in enumerate(ids):
        start = resources.lc.key(lid)[0]
        end = resources.lc.key(ids[i + 1])[0] if i + 1 < len(ids) else end_of_section
        end = _trim_back(lines, end, column)
        spans[lid] = (start, end)
    return spans, column


def _trim_back(lines: list[str], end: int, column: int) -> int:
    """Move `end` up over blank lines and comments at or left of `column` (they belong to what follows)."""
    while end > 0:
        line = lines[end - 1]
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if stripped == "" or (stripped.startswith("#") and indent <= column):
            end -= 1
            continue
        break
    return end


def _block(key: str, node: Any, column: int, mapping_indent: int, offset: int, ruamel_node: bool) -> str:
    if ruamel_node:
        yaml = _yaml()
        yaml.indent(mapping=mapping_indent, sequence=mapping_indent + offset if offset else mapping_indent,
                    offset=offset)
        out = StringIO()
        holder = CommentedMap()
        holder[key] = node
        yaml.dump(holder, out)
        text = out.getvalue()
    else:
        from generators.renderers.cfn_yaml import dump

        text = dump({key: node})
    return "".join((" " * column + line) if line.strip() else line for line in text.splitlines(keepends=True))


def _splice(template: Template, changed: set[str], deleted: list[str], added: dict[str, Any],
            extra_sections: dict[str, dict[str, Any]]) -> str:
    lines = template.text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    spans, column = _resource_spans(template)
    resources = template.document["Resources"]
    mapping, offset = template.indent
    replacements: list[tuple[int, int, str, int]] = []
    for lid in sorted(changed):
        start, end = spans[lid]
        replacements.append((start, end, _block(lid, resources[lid], column, mapping, offset, True), 0))
    for lid in deleted:
        start, end = spans[lid]
        replacements.append((start, end, "", 0))
    if added:
        text = "".join(_block(lid, value, column, mapping, offset, False) for lid, value in added.items())
        last_end = max(end for _, end in spans.values())
        replacements.append((last_end, last_end, text, 1))
    for section, entries in extra_sections.items():
        if section in template.document:
            node = template.document[section]
            keys = list(node)
            inner = node.lc.key(keys[-1])[1] if keys else mapping
            at = _section_end(template, section, lines)
            text = "".join(_block(k, v, inner, mapping, offset, False) for k, v in entries.items())
            replacements.append((at, at, text, 1))
        else:
            from generators.renderers.cfn_yaml import dump

            at = template.document.lc.key("Resources")[0]
            replacements.append((at, at, dump({section: entries}), 2))
    # applied bottom-up; at one line, appends to an existing section come before a new section
    for start, end, text, _ in sorted(replacements, key=lambda r: (r[0], r[1], r[3]), reverse=True):
        lines[start:end] = [text] if text else []
    return "".join(lines)


def _section_end(template: Template, section: str, lines: list[str]) -> int:
    keys = list(template.document)
    index = keys.index(section)
    end = template.document.lc.key(keys[index + 1])[0] if index + 1 < len(keys) else len(lines)
    return _trim_back(lines, end, 0)


def _json_out(template: Template, deleted: list[str], added: dict[str, Any],
              extra_sections: dict[str, dict[str, Any]]) -> str:
    document = template.document
    # JSON keeps no comments: the edited tree is written whole, keys in their original order
    for lid in deleted:
        document["Resources"].pop(lid, None)
    for lid, value in added.items():
        document["Resources"][lid] = _plain(value)
    for section, entries in extra_sections.items():
        document.setdefault(section, {}).update(_plain(entries))
    return dump_document(template, to_plain(document) if not isinstance(document, dict) else _plainify(document))


def _plainify(document: dict[str, Any]) -> dict[str, Any]:
    return {k: to_plain(v) for k, v in document.items()}
