"""CloudFormation YAML with short-form intrinsic tags (`!Ref`, `!GetAtt`, `!Sub`, ...), built from data."""

from __future__ import annotations

from dataclasses import dataclass
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


def Select(index: int, values: Any) -> Intrinsic:
    return Intrinsic("!Select", [index, values])


def Split(delimiter: str, value: Any) -> Intrinsic:
    return Intrinsic("!Split", [delimiter, value])


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


class _Dumper(_Base):  # type: ignore[valid-type,misc]
    """The fallback for documents block_yaml does not write (templates normally never get here)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_intrinsic(dumper: yaml.SafeDumper, data: Intrinsic) -> yaml.Node:
    if isinstance(data.value, str):
        return dumper.represent_scalar(data.tag, data.value)
    return dumper.represent_sequence(data.tag, data.value, flow_style=False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(Intrinsic, _represent_intrinsic)
_Dumper.add_representer(str, _represent_str)


def dump(document: dict[str, Any]) -> str:
    try:
        return block_yaml.dump(document, tagged=Intrinsic)
    except block_yaml.Unsupported:
        return dump_with_pyyaml(document)


def dump_with_pyyaml(document: dict[str, Any]) -> str:
    text = yaml.dump(document, None, _Dumper, default_flow_style=False, width=120, allow_unicode=True,
                     sort_keys=False)
    return str(text)
