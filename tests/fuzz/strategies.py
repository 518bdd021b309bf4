"""Hypothesis strategies for hostile design documents.

Two sources: (1) documents derived from the design's own JSON Schema (every component and connection kind, every
field, with a small pool of names so that graphs connect); (2) mutations of blueprint designs (wrong types,
out-of-range numbers, huge strings, unicode and surrogates, dangling and duplicate names, deep nesting, free-form
mappings) — then, as text, JSON or YAML with text-level corruption (alias bombs, tags, unhashable keys, flipped,
inserted and deleted characters, truncation, tab indentation, surrogate-pair escapes, oversized documents).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

import yaml
from hypothesis import strategies as st

from generators.model import design_json_schema
from generators.model.io import design_to_data
from tests.engine.variants import VARIANTS, build
from tests.fuzz.harness import Case

NAMES = ("api", "fn", "worker", "orders", "jobs", "events", "bus", "table", "bucket", "flow", "pool", "sched",
         "stream", "url", "a", "b")
KINDS = ("function", "http_api", "rest_api", "function_url", "queue", "topic", "table", "bucket", "event_bus",
         "schedule", "stream", "user_pool", "state_machine")
CONNECTION_KINDS = ("routes", "triggers", "reads", "writes", "publishes", "invokes", "starts", "authorizes",
                    "integrates")


@cache
def seeds() -> tuple[dict[str, Any], ...]:
    """Blueprint designs (every variant the target matrices cover, in both languages and both IaC tools)."""
    found: list[dict[str, Any]] = []
    for blueprint, variants in VARIANTS.items():
        for i, options in enumerate(variants):
            language, iac = (("python", "sam"), ("typescript", "cdk"), ("typescript", "sam"), ("python", "cdk"))[i % 4]
            found.append(design_to_data(build(blueprint, options, language=language, iac=iac)))
    return tuple(found)


# ---------------------------------------------------------------------------------------------- values

surrogates = st.integers(0xD800, 0xDFFF).map(chr)
weird_text = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(codec=None, categories=None), max_size=20),
    st.builds(lambda a, s, b: a + s + b, st.text(max_size=5), surrogates, st.text(max_size=5)),
    st.sampled_from(["", " ", "${AWS::Region}", "{{7*7}}", "'; DROP TABLE", "\x00", "a\nb", "é😀", "-1", "1e999",
                     "NaN", "aws:tag", "../../etc/passwd", "<script>", "*", "GET", "/", "~!@#$%^&*()"]),
    # up to 100,000 characters (the model allows 4,096): longer strings only cost the harness memory, since the
    # oversized-document cases below exercise the byte limit
    st.integers(1, 4).map(lambda n: "x" * (10 ** (n + 1))),
)
numbers = st.one_of(
    st.integers(-10, 10), st.integers(-(2**70), 2**70), st.sampled_from([0, -1, 1, 10001, 900, 901, 10240, 10241]),
    st.floats(allow_nan=True, allow_infinity=True),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, weird_text)
json_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                            st.dictionaries(weird_text, inner, max_size=4)),
                           max_leaves=12)


def nested(depth: int, leaf: Any = 1) -> Any:
    value: Any = leaf
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


patterns = st.recursive(
    st.one_of(st.lists(st.one_of(st.text(max_size=10), st.integers(-(10**10), 10**10), st.booleans(), st.none(),
                                 st.fixed_dictionaries({"prefix": st.text(max_size=5)}),
                                 st.fixed_dictionaries({"numeric": st.lists(st.one_of(st.sampled_from(
                                     ["<", ">=", "="]), st.integers()), max_size=4)}),
                                 st.fixed_dictionaries({"anything-but": json_values}),
                                 st.fixed_dictionaries({"exists": scalars})), max_size=8),
              json_values),
    lambda inner: st.dictionaries(st.one_of(st.sampled_from(["event_type", "detail-type", "source", "$or", "body"]),
                                            weird_text), inner, max_size=6),
    max_leaves=30,
)


# ---------------------------------------------------------------------------------------------- schema-derived

@cache
def _schema() -> dict[str, Any]:
    return design_json_schema()


def _from_schema(node: dict[str, Any], draw: Any, depth: int = 0, field: str = "") -> Any:
    defs = _schema()["$defs"]
    if "$ref" in node:
        return _from_schema(defs[node["$ref"].split("/")[-1]], draw, depth + 1, field)
    if "oneOf" in node or "anyOf" in node:
        options = node.get("oneOf") or node.get("anyOf")
        return _from_schema(draw(st.sampled_from(options)), draw, depth + 1, field)
    if "const" in node:
        return node["const"]
    if "enum" in node:
        return draw(st.sampled_from(node["enum"]))
    kind = node.get("type")
    if field in ("name", "source", "target", "function", "when_true", "otherwise", "component") and kind == "string":
        return draw(st.sampled_from(NAMES))
    if kind == "object":
        if "properties" not in node:
            return draw(patterns) if depth < 12 else {}
        result = {}
        for name, sub in node["properties"].items():
            if name in node.get("required", ()) or draw(st.booleans()):
                result[name] = _from_schema(sub, draw, depth + 1, name)
        return result
    if kind == "array":
        items = node.get("items", {})
        low, high = node.get("minItems", 0), min(node.get("maxItems", 4), 4)
        size = draw(st.integers(low, max(low, high)))
        return [_from_schema(items, draw, depth + 1, field) for _ in range(size)]
    if kind == "integer":
        low, high = node.get("minimum", -(10**6)), node.get("maximum", 10**6)
        return draw(st.one_of(st.integers(low, high), st.sampled_from([low, high])))
    if kind == "number":
        return draw(st.floats(node.get("minimum", 0), node.get("maximum", 10**6), allow_nan=False))
    if kind == "boolean":
        return draw(st.booleans())
    if kind == "string":
        return draw(st.text(min_size=node.get("minLength", 0), max_size=min(node.get("maxLength", 20), 20)))
    if kind == "null":
        return None
    return draw(json_values)


@st.composite
def schema_documents(draw: Any) -> dict[str, Any]:
    schema = _schema()
    count = draw(st.integers(1, 6))
    component_schema = schema["properties"]["components"]["items"]
    connection_schema = schema["properties"]["connections"]["items"]
    components = [_from_schema(component_schema, draw, 1, "") for _ in range(count)]
    names = iter(draw(st.permutations(NAMES)))
    for component in components:  # mostly unique names, so that graphs can be valid
        if draw(st.integers(0, 9)):
            component["name"] = next(names, "z")
    connections = [_from_schema(connection_schema, draw, 1, "") for _ in range(draw(st.integers(0, 6)))]
    present = [c["name"] for c in components]
    for connection in connections:
        if present and draw(st.integers(0, 4)):
            connection["source"], connection["target"] = draw(st.sampled_from(present)), draw(st.sampled_from(present))
    return {"project": _from_schema(schema["$defs"]["Project"], draw, 1, ""), "components": components,
            "connections": connections}


# ---------------------------------------------------------------------------------------------- mutations

def _slots(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    if len(path) > 40:  # inside a deep-nesting mutation: nothing more to pick there
        return found
    if isinstance(data, dict):
        for key, value in data.items():
            found.append((*path, key))
            found.extend(_slots(value, (*path, key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found.append((*path, i))
            found.extend(_slots(value, (*path, i)))
    return found


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


printable = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=60)
valid_patterns = st.dictionaries(
    st.sampled_from(["event_type", "detail-type", "source", "region", "amount"]),
    st.lists(st.one_of(st.text(max_size=12), st.integers(-1000, 1000),
                       st.fixed_dictionaries({"prefix": st.text(max_size=5)}),
                       st.fixed_dictionaries({"numeric": st.sampled_from([[">", 0], [">=", 1, "<", 5]])}),
                       st.fixed_dictionaries({"anything-but": st.text(max_size=5)})), min_size=1, max_size=4),
    min_size=1, max_size=4)


def _mild(draw: Any, data: dict[str, Any]) -> str:
    """A change the model may well accept (in-range numbers, free text, valid patterns, flags), so that the
    accepted share is large enough to test "accepted means renderable"."""
    from generators.model.io import _field_bounds

    op = draw(st.sampled_from(("in_range", "in_range", "text", "flag", "valid_pattern", "choice")))
    slots = [p for p in _slots(data) if isinstance(p[-1], str)]
    if not slots:
        return "none"
    if op == "in_range":
        bounded = [p for p in slots if p[-1] in _field_bounds() and isinstance(_get(data, p), int)]
        if bounded:
            path = draw(st.sampled_from(bounded))
            low, high = _field_bounds()[path[-1]]
            _get(data, path[:-1])[path[-1]] = draw(st.one_of(st.sampled_from([low, high]), st.integers(
                int(low), int(high))))
    elif op == "text":
        texts = [p for p in slots if p[-1] in ("description", "condition")]
        if texts:
            path = draw(st.sampled_from(texts))
            _get(data, path[:-1])[path[-1]] = draw(printable)
    elif op == "flag":
        flags = [p for p in slots if isinstance(_get(data, p), bool)]
        if flags:
            path = draw(st.sampled_from(flags))
            _get(data, path[:-1])[path[-1]] = not _get(data, path)
    elif op == "valid_pattern":
        for connection in data.get("connections", []):
            if connection.get("filter_policy") or connection.get("event_pattern"):
                field = "filter_policy" if connection.get("filter_policy") else "event_pattern"
                connection[field] = draw(valid_patterns)
            elif connection.get("kind") == "triggers" and draw(st.booleans()):
                connection["filter_patterns"] = [draw(valid_patterns)]
    elif op == "choice":
        choices = {"workflow_type": ["STANDARD", "EXPRESS"], "billing_mode": ["PAY_PER_REQUEST", "PROVISIONED"],
                   "auth": ["none", "iam", "jwt", "lambda"], "architecture": ["arm64", "x86_64"],
                   "stream": ["NEW_IMAGE", "KEYS_ONLY"], "mode": ["ON_DEMAND", "PROVISIONED"],
                   "invoke_mode": ["BUFFERED", "RESPONSE_STREAM"], "log_level": ["ALL", "ERROR", "OFF", "DEBUG"],
                   "method": ["GET", "POST", "ANY"], "region": ["eu-west-1", "ap-south-2"]}
        paths = [p for p in slots if p[-1] in choices]
        if paths:
            path = draw(st.sampled_from(paths))
            _get(data, path[:-1])[path[-1]] = draw(st.sampled_from(choices[path[-1]]))
    return op


def _mutate(draw: Any, data: dict[str, Any]) -> str:
    """Change `data` in place in one hostile way; return the mutation's name."""
    op = draw(st.sampled_from(("replace", "replace", "number", "delete", "unknown_key", "duplicate_component",
                               "dangling", "deep", "kind_swap", "free_form", "empty", "many", "string")))
    slots = _slots(data)
    path = draw(st.sampled_from(slots)) if slots else ()
    parent = _get(data, path[:-1]) if path else data
    key = path[-1] if path else None
    components, connections = data.get("components", []), data.get("connections", [])
    if op == "replace" and path:
        parent[key] = draw(json_values)
    elif op == "number" and path:
        current = parent[key]
        parent[key] = draw(numbers) if not isinstance(current, (int, float)) or isinstance(current, bool) else \
            draw(st.sampled_from([current + 1, current - 1, -current, current * 1000, str(current), float(current),
                                  10**20, -(10**20)]))
    elif op == "string" and path:
        parent[key] = draw(weird_text)
    elif op == "delete" and path:
        del parent[key]
    elif op == "unknown_key":
        target = parent if isinstance(parent, dict) else data
        target[draw(weird_text)] = draw(json_values)
    elif op == "duplicate_component" and components:
        components.append(copy.deepcopy(draw(st.sampled_from(components))))
        if connections:
            connections.append(copy.deepcopy(draw(st.sampled_from(connections))))
    elif op == "dangling" and (components or connections):
        if connections and draw(st.booleans()):
            connection = draw(st.sampled_from(connections))
            if isinstance(connection, dict):
                connection[draw(st.sampled_from(["source", "target"]))] = draw(st.sampled_from([*NAMES, "ghost"]))
        elif components and isinstance(components[0], dict):
            draw(st.sampled_from(components))["name"] = draw(st.sampled_from([*NAMES, "ghost"]))
    elif op == "deep" and path:
        parent[key] = nested(draw(st.sampled_from([5, 30, 200, 3000])))
    elif op == "kind_swap" and components:
        component = draw(st.sampled_from(components))
        if isinstance(component, dict):
            component["kind"] = draw(st.sampled_from([*KINDS, "lambda", ""]))
    elif op == "free_form" and connections:
        connection = draw(st.sampled_from(connections))
        if isinstance(connection, dict):
            field = draw(st.sampled_from(["filter_policy", "event_pattern", "filter_patterns"]))
            connection[field] = draw(st.lists(patterns, max_size=6)) if field == "filter_patterns" else draw(patterns)
            if draw(st.booleans()):
                connection["filter_policy_scope"] = draw(st.sampled_from(["MessageBody", "MessageAttributes"]))
    elif op == "empty":
        # a fresh empty value: sampled_from hands out the same object every time, and a later mutation of it
        # would leak into every later case (a case would then depend on the ones before it)
        data[draw(st.sampled_from(["components", "connections", "project"]))] = copy.copy(draw(
            st.sampled_from([[], {}, None, ""])))
    elif op == "many" and components:
        template = components[0]
        count = draw(st.sampled_from([50, 501, 2001]))
        field = draw(st.sampled_from(["components", "connections"]))
        if field == "components" and isinstance(template, dict):
            # the kind only: a template carrying a megabyte string would make a gigabyte document to print
            data["components"] = [{"kind": template.get("kind"), "name": f"c{i}"} for i in range(count)]
        elif connections:
            small = [c for c in connections if len(str(c)) < 2000] or [{"kind": "reads", "source": "a",
                                                                         "target": "b"}]
            data["connections"] = small * (count // len(small) + 1)
    return op


@st.composite
def mutated_documents(draw: Any) -> tuple[str, dict[str, Any]]:
    data = copy.deepcopy(draw(st.sampled_from(seeds())))
    ops: list[str] = []
    hostile = draw(st.integers(0, 2))  # two in three also get a hostile change
    for mutate in [_mild] * draw(st.integers(0, 4)) + [_mutate] * (draw(st.integers(1, 3)) if hostile else 0):
        try:
            ops.append(mutate(draw, data))
        except (RecursionError, AttributeError, TypeError, KeyError, IndexError):
            # an earlier mutation already broke the shape this one expects (deep nesting, a list turned into a
            # number): the document stays as hostile as it is
            ops.append("skip")
    return "+".join(ops) or "seed", data


# ---------------------------------------------------------------------------------------------- text

ALIAS_BOMB = "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x]",
                        *(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9))])


def _as_yaml(data: Any) -> str:
    try:
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    except Exception:  # a value YAML cannot print (a lone surrogate, deep nesting): JSON is YAML too
        try:
            return json.dumps(data)
        except (ValueError, RecursionError):
            return "{}"


@cache
def _huge(count: int) -> str:
    """A design of `count` functions (600,000 make about 20 MB), built once."""
    return '{"project": {"name": "x"}, "components": [' + ",".join(['{"kind": "function", "name": "fn"}'] * count) \
        + "]}"


@st.composite
def text_cases(draw: Any) -> Case:
    label, data = draw(st.one_of(mutated_documents(), schema_documents().map(lambda d: ("schema", d)),
                                 st.sampled_from(seeds()).map(lambda d: ("seed", copy.deepcopy(d)))))
    style = draw(st.sampled_from(("json", "json_tabs", "json_ascii", "yaml", "yaml")))
    components = data.get("components") if isinstance(data, dict) else None
    connections = data.get("connections") if isinstance(data, dict) else None
    if style == "yaml" and ((isinstance(components, list) and len(components) > 100)
                            or (isinstance(connections, list) and len(connections) > 100)):
        style = "json"  # PyYAML's pure-Python emitter needs hundreds of MB for such a document: harness cost only
    try:
        if style == "json":
            text = json.dumps(data, ensure_ascii=False, allow_nan=True)
        elif style == "json_tabs":
            text = json.dumps(data, indent="\t", allow_nan=True)
        elif style == "json_ascii":  # surrogate-pair escapes for emoji, as `design --format json` writes them
            text = json.dumps(data, ensure_ascii=True, indent=2, allow_nan=True)
        else:
            text = _as_yaml(data)
    except (ValueError, RecursionError):
        text = "{}"
    corruption = draw(st.sampled_from(("none", "none", "none", "flip", "insert", "delete", "truncate", "bomb",
                                       "tag", "unhashable", "duplicate_key", "huge", "bytes", "anchor")))
    if corruption in ("flip", "insert", "delete", "truncate") and text:
        at = draw(st.integers(0, len(text) - 1))
        if corruption == "flip":
            text = text[:at] + draw(st.characters(codec="utf-8")) + text[at + 1:]
        elif corruption == "insert":
            text = text[:at] + draw(st.sampled_from(["{", "[", "]", ":", "- ", "\t", "&x ", "*x", "!!", "\n  ",
                                                     "\ufeff", '"', "'"])) + text[at:]
        elif corruption == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
        else:
            text = text[:at]
    elif corruption == "bomb":
        text = ALIAS_BOMB + "\n" + (text if style.startswith("yaml") else "")
    elif corruption == "anchor":
        text = "x: &anchor {kind: function, name: fn}\n" + _as_yaml(data).replace("kind: function", "<<: *anchor", 1)
    elif corruption == "tag":
        text = draw(st.sampled_from(["!!python/object/apply:os.system ['true']\n", "project: !!binary aGVsbG8=\n",
                                     "components: !!set {a, b}\n", "project: !custom {name: x}\n",
                                     "project: {name: 2024-01-01}\n"])) + text
    elif corruption == "unhashable":
        text = "? [a, b]\n: 1\n" + (text if style.startswith("yaml") else "")
    elif corruption == "duplicate_key":
        text = "project: {name: one}\n" + (text if style.startswith("yaml") else "project: {name: two}\n")
    elif corruption == "huge":
        text = _huge(draw(st.sampled_from([10_000, 600_000])))
    elif corruption == "bytes":
        raw = text.encode("utf-8", "surrogatepass")
        at = draw(st.integers(0, max(len(raw) - 1, 0)))
        return Case(f"{label}/{style}/bytes", text=raw[:at] + b"\xff\xfe" + raw[at:])
    return Case(f"{label}/{style}/{corruption}", text=text)


@st.composite
def data_cases(draw: Any) -> Case:
    """Already-parsed documents, as the API and the database hand them over (no text in between)."""
    label, data = draw(st.one_of(mutated_documents(), schema_documents().map(lambda d: ("schema", d))))
    if draw(st.integers(0, 9)) == 0:
        data = nested(draw(st.sampled_from([100, 5000])), data)
    return Case(f"data/{label}", data=data)


cases = st.one_of(text_cases(), text_cases(), data_cases())
