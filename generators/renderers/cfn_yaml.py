"""CloudFormation YAML with short-form intrinsic tags (`!Ref`, `!GetAtt`, `!Sub`, ...), built from data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from generators.renderers import block_yaml


@dataclass(frozen=True)
class Intrinsic:
    tag: str
    value: Any


def Ref(name: str) -> Intrinsic:
    return Intrinsic("!Ref", name)


def GetAtt(resource: str, attribute: str) -> Intrinsic:
    return Intrinsic("!GetAtt", f"{resource}.{attribute}")


def Sub(template: str, variables: dict[str, Any] | None = None) -> Intrinsic:
    return Intrinsic("!Sub", [template, variables] if variables else template)


def FindInMap(mapping: str, key: Any, attribute: str) -> Intrinsic:
    return Intrinsic("!FindInMap", [mapping, key, attribute])


def Join(delimiter: str, values: list[Any]) -> Intrinsic:
    return Intrinsic("!Join", [delimiter, values])


def If(condition: str, true: Any, false: Any) -> Intrinsic:
    return Intrinsic("!If", [condition, true, false])


def Equals(a: Any, b: Any) -> Intrinsic:
    return Intrinsic("!Equals", [a, b])


class _PythonDumper(yaml.SafeDumper):
    """Pure-Python fallback, configured to write what libyaml's emitter writes."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def choose_scalar_style(self) -> str:
        # `!Ref Name` rather than `!Ref 'Name'`: like libyaml, a tagged scalar may be plain when its text allows
        event = self.event
        if isinstance(event, yaml.ScalarEvent) and event.tag and event.tag.startswith("!") and not event.style:
            if self.analysis is None:
                self.analysis = self.analyze_scalar(event.value)
            if not self.analysis.empty and (
                (self.flow_level and self.analysis.allow_flow_plain)
                or (not self.flow_level and self.analysis.allow_block_plain)
            ):
                return ""
        return str(super().choose_scalar_style())


# libyaml's C emitter is ~10x faster than PyYAML's pure-Python one: templates are built on every render.
_Base: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", _PythonDumper)


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_RESOLVER = yaml.resolver.Resolver()


@lru_cache(maxsize=16384)
def _resolve_scalar(value: str, implicit: tuple[bool, bool]) -> str:
    return str(_RESOLVER.resolve(yaml.ScalarNode, value, implicit))  # type: ignore[no-untyped-call]


class _Dumper(_Base):  # type: ignore[valid-type,misc]
    """Builds the node tree with a direct type dispatch for the types templates are made of (PyYAML's generic
    representer walks each value's MRO and keeps alias bookkeeping, most of a render's time) and remembers how
    scalars resolve; the nodes, and so the bytes written, are the ones PyYAML's SafeRepresenter would make
    (tests/engine/test_determinism.py compares them on every variant)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def represent_data(self, data: Any) -> yaml.Node:
        kind = type(data)
        if kind is str:
            return yaml.ScalarNode(_STR, data, style="|" if "\n" in data else None)
        if kind is dict:
            pairs = [(self.represent_data(key), self.represent_data(value)) for key, value in data.items()]
            return yaml.MappingNode(_MAP, pairs, flow_style=False)
        if kind is list:
            return yaml.SequenceNode(_SEQ, [self.represent_data(item) for item in data], flow_style=False)
        if kind is Intrinsic:
            if type(data.value) is str:
                return yaml.ScalarNode(data.tag, data.value)
            return yaml.SequenceNode(data.tag, [self.represent_data(item) for item in data.value], flow_style=False)
        return super().represent_data(data)  # type: ignore[no-any-return]

    def resolve(self, kind: type, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode:
            return _resolve_scalar(value, tuple(implicit))
        return super().resolve(kind, value, implicit)


def dump(document: dict[str, Any]) -> str:
    try:
        return block_yaml.dump(document, tagged=Intrinsic)
    except block_yaml.Unsupported:
        return dump_with_pyyaml(document)


def dump_with_pyyaml(document: dict[str, Any]) -> str:
    text = yaml.dump(document, None, _Dumper, default_flow_style=False, width=120, allow_unicode=True,
                     sort_keys=False)
    return str(text)
