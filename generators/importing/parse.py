"""Read a SAM/CloudFormation template (YAML or JSON, short `!Ref` or long `Fn::` forms) without losing anything.

Two views of one text: `plain` (dicts/lists/scalars, intrinsics in their long JSON form, for mapping and
comparison) and `document` (the ruamel.yaml round-trip tree that keeps comments, order and quoting, for
write-back). Bad input raises `TemplateError` naming the place (line/column or the section).
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from io import StringIO
from typing import Any

import yaml

from generators.model.loading import path_with_nul

MAX_TEMPLATE_BYTES = 1_000_000  # CloudFormation's own limit for a template body uploaded through S3
_SHORT_FORMS = {"Ref": "Ref", "Condition": "Condition"}


class TemplateError(ValueError):
    """Bad input: `problems` is a list of (place, message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{place}: {message}" if place else message for place, message in problems))


@dataclass
class Template:
    text: str
    fmt: str  # "yaml" | "json"
    plain: dict[str, Any]
    loaded: Any  # the round-trip tree once needed (JSON: the plain dict)
    indent: tuple[int, int]  # (mapping indent, sequence dash offset) guessed from the text

    @property
    def document(self) -> Any:
        """The ruamel round-trip tree (comments, order, quoting, line numbers): loaded only for a write-back
        after an edit, since the pure-Python round-trip parser is ~10x slower than libyaml."""
        if self.loaded is None:
            self.loaded = _round_trip_load(self.text)
        return self.loaded


def _yaml() -> Any:
    from ruamel.yaml import YAML  # only edits need the round-trip parser

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.allow_duplicate_keys = False
    return yaml


def _tag_name(tag: Any) -> str:
    value = getattr(tag, "value", tag)
    return str(value or "").lstrip("!")


def to_plain(node: Any) -> Any:
    """ruamel round-trip node -> plain data, short-form tags turned into the long JSON form."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar

    tag = ""
    if isinstance(node, TaggedScalar):
        tag = _tag_name(node.tag)
        inner: Any = node.value
    elif isinstance(node, (CommentedMap, CommentedSeq)):
        tag = _tag_name(node.tag) if node.tag is not None and getattr(node.tag, "value", None) else ""
        inner = ([to_plain(v) for v in node] if isinstance(node, CommentedSeq)
                 else {str(k): to_plain(v) for k, v in node.items()})
        if not tag:
            return inner
    elif isinstance(node, dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    elif isinstance(node, list):
        return [to_plain(v) for v in node]
    else:
        return _scalar(node)
    if isinstance(node, TaggedScalar):
        inner = _scalar(inner)
    if tag == "GetAtt" and isinstance(inner, str):
        resource, _, attribute = inner.partition(".")
        return {"Fn::GetAtt": [resource, attribute]}
    if tag in _SHORT_FORMS:
        return {_SHORT_FORMS[tag]: inner}
    return {f"Fn::{tag}": inner}


def _scalar(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return str(value)  # dates and other YAML scalars: CloudFormation reads them as strings


def parse_template(text: str | bytes, name: str = "template") -> Template:
    size = len(text.encode() if isinstance(text, str) else text)
    if size > MAX_TEMPLATE_BYTES:
        raise TemplateError([(name, f"the template is {size:,} bytes; CloudFormation accepts at most "
                                    f"{MAX_TEMPLATE_BYTES:,} bytes (1 MB)")])
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TemplateError([(name, f"not UTF-8 text (byte {exc.start})")]) from None
    if not text.strip():
        raise TemplateError([(name, "the template is empty")])
    fmt = "json" if text.lstrip().startswith("{") else "yaml"
    indent = (2, 0)
    if fmt == "json":
        try:
            document = json.loads(text, object_pairs_hook=_no_duplicates)
        except json.JSONDecodeError as exc:
            raise TemplateError([(f"{name}:{exc.lineno}:{exc.colno}", f"invalid JSON: {exc.msg}")]) from None
        plain = document
    else:
        plain, document = _fast_load(text, name), None
        indent = _guess_indent(text)
    if not isinstance(plain, dict):
        raise TemplateError([(name, "a template is a mapping with a Resources section")])
    resources = plain.get("Resources")
    if not isinstance(resources, dict) or not resources:
        raise TemplateError([(f"{name}: Resources", "the template has no Resources; CloudFormation needs at "
                                                     "least one resource")])
    nul = path_with_nul(plain)
    if nul is not None:
        raise TemplateError([(f"{name}: {nul}", "holds a NUL character (U+0000), which CloudFormation does not "
                                                 "accept in a template")])
    problems = []
    for logical_id, resource in resources.items():
        if not isinstance(resource, dict) or not isinstance(resource.get("Type"), str):
            problems.append((f"Resources.{logical_id}", "a resource needs a Type (e.g. AWS::SQS::Queue)"))
        elif not logical_id.isalnum() or not logical_id.isascii():
            problems.append((f"Resources.{logical_id}", "a logical id uses only letters and digits"))
    problems.extend(unresolved_references(plain))
    if problems:
        raise TemplateError(problems[:20])
    return Template(text=text, fmt=fmt, plain=plain, loaded=document, indent=indent)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml when available: short-form tags become the long JSON form, duplicate keys are errors."""


def _construct_tag(loader: Any, suffix: str, node: Any) -> Any:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "GetAtt" and isinstance(value, str):
        resource, _, attribute = value.partition(".")
        return {"Fn::GetAtt": [resource, attribute]}
    if suffix in _SHORT_FORMS:
        return {_SHORT_FORMS[suffix]: value}
    return {f"Fn::{suffix}": value}


def _construct_mapping(loader: Any, node: Any) -> dict[str, Any]:
    loader.flatten_mapping(node)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (a logical id or property appears twice)", key_node.start_mark)
        result[str(key)] = loader.construct_object(value_node, deep=True)
    return result


def _plain_scalar(loader: Any, node: Any) -> Any:
    return str(loader.construct_scalar(node))


_FastLoader.add_multi_constructor("!", _construct_tag)
_FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _plain_scalar)  # CloudFormation reads dates as text


def _fast_load(text: str, name: str) -> Any:
    try:
        return yaml.load(text, Loader=_FastLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        problem = exc.problem or exc.context or "invalid"
        prefix = "" if problem.startswith("duplicate key") else "invalid YAML: "
        raise TemplateError([(where, f"{prefix}{problem}")]) from None
    except yaml.YAMLError as exc:
        raise TemplateError([(name, f"invalid YAML: {exc}")]) from None


def _round_trip_load(text: str) -> Any:
    from ruamel.yaml.error import YAMLError

    try:
        return _yaml().load(StringIO(text))
    except YAMLError as exc:  # the fast loader accepted it: unexpected
        raise TemplateError([("template", f"the round-trip YAML parser refuses it: {exc}")]) from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise TemplateError([(key, f"duplicate key {key!r} (a logical id or property appears twice)")])
        result[key] = value
    return result


def _guess_indent(text: str) -> tuple[int, int]:
    """Mapping indent and the offset of `-` under its parent key, from the first nested lines."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    mapping = 2
    for line in lines:
        width = len(line) - len(line.lstrip(" "))
        if width:
            mapping = width
            break
    offset = 0
    for previous, line in itertools.pairwise(lines):
        if line.lstrip().startswith("- ") and _opens_block(previous):
            offset = (len(line) - len(line.lstrip(" "))) - (len(previous) - len(previous.lstrip(" ")))
            offset = offset if offset in (0, 2, 4) else 0
            break
    return mapping, offset


_SUB_NAME = re.compile(r"\$\{([^!}][^}]*)\}")
_SAM_IMPLICIT = ("ServerlessRestApi", "ServerlessHttpApi", "ServerlessDeploymentBucket")


def unresolved_references(plain: dict[str, Any]) -> list[tuple[str, str]]:
    """Ref/GetAtt/Sub naming nothing in the template (SAM's generated resources such as `FnRole` or
    `ServerlessRestApi` count as defined when the SAM transform is declared)."""
    resources = set(plain.get("Resources") or {})
    parameters = set(plain.get("Parameters") or {}) if isinstance(plain.get("Parameters"), dict) else set()
    sam = "Serverless" in str(plain.get("Transform", ""))

    def known(name: str, attribute: bool) -> bool:
        if name in resources or (not attribute and (name in parameters or name.startswith("AWS::"))):
            return True
        return sam and (name.startswith(_SAM_IMPLICIT) or any(name.startswith(r) for r in resources))

    problems: list[tuple[str, str]] = []

    def walk(node: Any, path: str, local: frozenset[str]) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("Ref"), str) and len(node) == 1:
                if node["Ref"] not in local and not known(node["Ref"], False):
                    problems.append((path, f"Ref to {node['Ref']!r}, which is neither a resource nor a parameter"))
                return
            if "Fn::GetAtt" in node and len(node) == 1:
                target = node["Fn::GetAtt"]
                name = target[0] if isinstance(target, list) and target else str(target).split(".")[0]
                if isinstance(name, str) and not known(name, True):
                    problems.append((path, f"GetAtt of {name!r}, which is not a resource"))
                return
            if "Fn::Sub" in node and len(node) == 1:
                sub = node["Fn::Sub"]
                text, variables = (sub[0], sub[1]) if isinstance(sub, list) and len(sub) == 2 else (sub, {})
                names = frozenset(variables) if isinstance(variables, dict) else frozenset()
                if isinstance(text, str):
                    for ref in _SUB_NAME.findall(text):
                        base = ref.split(".")[0]
                        if base not in names and not known(base, "." in ref):
                            problems.append((path, f"Sub names ${{{ref}}}, which is neither a resource nor a "
                                                   "parameter"))
                if isinstance(variables, dict):
                    walk(variables, f"{path}.Fn::Sub", local)
                return
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else str(key), local)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]", local)

    for section in ("Resources", "Outputs", "Conditions"):
        if isinstance(plain.get(section), dict):
            walk(plain[section], section, frozenset())
    return problems


def _opens_block(line: str) -> bool:
    stripped = line.rstrip()
    return stripped.endswith(":") or bool(re.search(r":\s+!\w+$", stripped))


def dump_document(template: Template, document: Any) -> str:
    if template.fmt == "json":
        indent = _json_indent(template.text)
        return json.dumps(document, indent=indent, ensure_ascii=False) + ("\n" if template.text.endswith("\n")
                                                                          else "")
    yaml = _yaml()
    mapping, offset = template.indent
    yaml.indent(mapping=mapping, sequence=mapping + offset if offset else mapping, offset=offset)
    out = StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def _json_indent(text: str) -> int:
    for line in text.splitlines()[1:]:
        if line.strip():
            return len(line) - len(line.lstrip(" ")) or 2
    return 2
