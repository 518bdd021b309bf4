"""Event contracts in generated code: Python classes, TypeScript types and validators, schema and fixture files.

Which contracts each function produces and consumes is `generators.contracts.routing`'s decision.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from generators.filetree import FileTree
from generators.model import Design
from generators.model.contracts import ContractField, EventContract, TypeSpec, event_class

# -- Python --------------------------------------------------------------------------------------------------

PY_SCALARS = {"string": "StrictStr", "integer": "StrictInt", "number": "StrictFloat", "boolean": "StrictBool",
              "timestamp": "AwareDatetime"}


@dataclass(frozen=True)
class PyField:
    name: str
    annotation: str
    required: bool
    description: str


@dataclass(frozen=True)
class PyClass:
    name: str
    doc: str
    fields: list[PyField]


def _py_type(spec: TypeSpec, owner: str, name: str, classes: list[PyClass]) -> str:
    if spec.type in PY_SCALARS:
        return PY_SCALARS[spec.type]
    if spec.type == "enum":
        return "Literal[" + ", ".join(json.dumps(v) for v in spec.values or []) + "]"
    if spec.type == "list":
        assert spec.items is not None
        return f"list[{_py_type(spec.items, owner, name + '_item', classes)}]"
    class_name = owner + "".join(part.capitalize() for part in name.split("_"))
    _py_class(class_name, f"The `{name}` object.", spec.fields or [], classes)
    return class_name


def _py_class(name: str, doc: str, fields: list[ContractField], classes: list[PyClass]) -> None:
    members = [PyField(f.name, _py_type(f, name, f.name, classes), f.required, f.description) for f in fields]
    classes.append(PyClass(name, doc, members))


def python_classes(contract: EventContract) -> list[PyClass]:
    """The data classes of one contract, nested ones first (each is defined before it is used)."""
    classes: list[PyClass] = []
    base = event_class(contract.name)
    _py_class(f"{base}Data", f"The data of a `{contract.name}` event (version {contract.version}).",
              contract.fields, classes)
    return classes


def _pascal_field(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _literal_values(annotation: str) -> list[str]:
    return [json.dumps(v) for v in json.loads("[" + annotation.removeprefix("Literal[").removesuffix("]") + "]")]


def snake_event(name: str) -> str:
    """`order.created` -> `order_created`, `OrderPlaced` -> `order_placed` (function names)."""
    spaced = "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
    return "_".join(part for part in spaced.replace(".", "_").replace("-", "_").split("_") if part)


def python_contract_context(contracts: list[EventContract], *, consumer: bool) -> dict[str, Any]:
    """What the contract templates (python/contracts/) need besides the contracts themselves."""
    names = [event_class(c.name) for c in contracts]
    union = f"Event = {' | '.join(names)}"
    if len(union) > 120:
        union = "Event = (\n" + "".join(f"    {'| ' if i else ''}{n}\n" for i, n in enumerate(names)) + ")"
    scalars = sorted({f.annotation.removeprefix("list[").rstrip("]") for contract in contracts
                      for cls in python_classes(contract) for f in cls.fields} & {"StrictInt", "StrictFloat",
                                                                                    "StrictBool"})
    return {"contracts": contracts, "consumer": consumer, "contract_class": event_class,
            "python_classes": python_classes, "pascal_field": _pascal_field, "literal_values": _literal_values,
            "snake_event": snake_event, "union_line": union, "contract_scalars": scalars, "schema_file": schema_file}


# -- files every project with contracts ships -----------------------------------------------------------------

def schema_file(contract: EventContract) -> str:
    return f"contracts/{event_class(contract.name)}.v{contract.version}.schema.json"


def contract_files(design: Design) -> FileTree:
    """Each contract's JSON Schema (contracts/) and its fixtures (events/contracts/<event type>/): valid samples
    and one per required field missing. Regenerated from the design, so they follow the current schema."""
    from generators.contracts.samples import invalid_samples, valid_samples
    from generators.contracts.schema import contract_schema

    tree = FileTree()
    for contract in design.contracts:
        tree.add(schema_file(contract), json.dumps(contract_schema(contract), indent=2) + "\n")
        samples = {**valid_samples(contract, design.project.name), **invalid_samples(contract, design.project.name)}
        for name, event in samples.items():
            tree.add(f"events/contracts/{contract.name}/{name}.json", json.dumps(event, indent=2) + "\n")
    return tree


# -- TypeScript ----------------------------------------------------------------------------------------------

TS_SCALARS = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean",
              "timestamp": "string"}


def ts_type(spec: TypeSpec, indent: str = "") -> str:
    if spec.type in TS_SCALARS:
        return TS_SCALARS[spec.type]
    if spec.type == "enum":
        return " | ".join(json.dumps(v) for v in spec.values or [])
    if spec.type == "list":
        assert spec.items is not None
        return f"Array<{ts_type(spec.items, indent)}>"
    inner = indent + "  "
    members = "".join(f"{inner}{f.name}{'' if f.required else '?'}: {ts_type(f, inner)};\n" for f in spec.fields or [])
    return "{\n" + members + indent + "}"


def ts_descriptor(fields: list[ContractField]) -> str:
    """The fields as data for the generated module's validator (what the JSON Schema says, in TypeScript)."""
    def spec(s: TypeSpec) -> dict[str, Any]:
        out: dict[str, Any] = {"type": s.type}
        if s.values is not None:
            out["values"] = s.values
        if s.fields is not None:
            out["fields"] = [{"name": f.name, "required": f.required, **spec(f)} for f in s.fields]
        if s.items is not None:
            out["items"] = spec(s.items)
        return out

    return json.dumps([{"name": f.name, "required": f.required, **spec(f)} for f in fields], indent=2)


def typescript_contract_context(contracts: list[EventContract]) -> dict[str, Any]:
    return {"contracts": contracts, "contract_class": event_class, "ts_data_type": ts_data_type,
            "ts_descriptor": ts_descriptor, "schema_file": schema_file}


def ts_data_type(contract: EventContract) -> str:
    return ts_type(TypeSpec(type="object", fields=contract.fields))
