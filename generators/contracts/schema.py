"""A contract as JSON Schema draft 2020-12 (the envelope: `metadata` + typed `data`), and back."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from generators.model.contracts import ContractField, EventContract, TypeSpec, event_class
from generators.model.messages import DesignInputError, shown

DRAFT = "https://json-schema.org/draft/2020-12/schema"


class ContractImportError(DesignInputError):
    """A JSON Schema that is not a contract this designer can represent; problems name the JSON path."""


def metadata_schema(contract: EventContract) -> dict[str, Any]:
    """The envelope every event carries: what idempotency, tracing and routing need."""
    return {
        "type": "object",
        "description": "Envelope: id (the event id, the idempotency key), type and version of the contract, "
                       "timestamp (when it occurred), source (the producer), correlationId (ties the hops together)",
        "properties": {
            "id": {"type": "string", "minLength": 1, "description": "Event id, unique per event (idempotency key)"},
            "type": {"const": contract.name, "description": "The event type"},
            "version": {"const": str(contract.version), "description": "The contract version"},
            "timestamp": {"type": "string", "format": "date-time", "description": "When the event occurred"},
            "source": {"type": "string", "minLength": 1, "description": "The producer"},
            "correlationId": {"type": "string", "minLength": 1, "description": "Correlation id across hops"},
        },
        "required": ["id", "type", "version", "timestamp", "source"],
    }


def type_schema(spec: TypeSpec) -> dict[str, Any]:
    kind = spec.type
    if kind == "timestamp":
        schema: dict[str, Any] = {"type": "string", "format": "date-time"}
    elif kind == "enum":
        schema = {"type": "string", "enum": list(spec.values or [])}
    elif kind == "list":
        assert spec.items is not None
        schema = {"type": "array", "items": type_schema(spec.items)}
    elif kind == "object":
        schema = object_schema(spec.fields or [])
    else:
        schema = {"type": kind}
    return schema


def object_schema(fields: list[ContractField]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for field in fields:
        schema = type_schema(field)
        if field.description:
            schema["description"] = field.description
        if field.example is not None:
            schema["examples"] = [field.example]
        properties[field.name] = schema
    result: dict[str, Any] = {"type": "object", "properties": properties}
    required = [f.name for f in fields if f.required]
    if required:
        result["required"] = required
    return result


def contract_schema(contract: EventContract) -> dict[str, Any]:
    """The JSON Schema of one event type: the whole message (envelope and data) a producer sends."""
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": f"urn:serverless-designer:event:{contract.channel}:{contract.name}:v{contract.version}",
        "title": event_class(contract.name),
        "type": "object",
        "x-event-type": contract.name,
        "x-version": contract.version,
        "x-channel": contract.channel,
        "properties": {"metadata": metadata_schema(contract), "data": object_schema(contract.fields)},
        "required": ["metadata", "data"],
    }
    if contract.description:
        schema["description"] = contract.description
    return schema


_KNOWN = {"type", "format", "enum", "items", "properties", "required", "description", "examples", "example",
          "title", "$schema", "$id", "additionalProperties", "x-event-type", "x-version", "x-channel", "$comment",
          "const"}


def contract_from_schema(schema: Any, *, channel: str | None = None, name: str | None = None) -> EventContract:
    """The contract a JSON Schema describes: an envelope schema (properties `metadata` and `data`, as exported)
    or a plain object schema (the event's data). Raises ContractImportError naming each unsupported part."""
    problems: list[tuple[str, str]] = []
    if not isinstance(schema, dict):
        raise ContractImportError([("", "a JSON Schema must be an object")])
    properties = schema.get("properties")
    data = properties.get("data") if isinstance(properties, dict) and "metadata" in properties else schema
    event = name or schema.get("x-event-type") or schema.get("title")
    where = channel or schema.get("x-channel")
    if not isinstance(event, str):
        problems.append(("title", "name the event type: a 'title' or 'x-event-type', or pass --name"))
    if not isinstance(where, str):
        problems.append(("x-channel", "name the channel the events travel on: 'x-channel', or pass --channel"))
    fields = _fields(data, "properties.data" if data is not schema else "", problems)
    if problems:
        raise ContractImportError(problems)
    version = schema.get("x-version", 1)
    document = {"name": event, "channel": where, "version": version, "fields": fields}
    if isinstance(schema.get("description"), str):
        document["description"] = schema["description"]
    try:
        return EventContract.model_validate(document)
    except ValidationError as exc:
        from generators.model.io import validation_problems

        raise ContractImportError(validation_problems(exc, document)) from None


def _fields(schema: Any, path: str, problems: list[tuple[str, str]]) -> list[dict[str, Any]]:
    if not isinstance(schema, dict) or schema.get("type") != "object" or not isinstance(schema.get("properties"),
                                                                                          dict):
        problems.append((path or "type", "must be an object schema with 'properties'"))
        return []
    required = schema.get("required", [])
    if not isinstance(required, list):
        problems.append((_join(path, "required"), "must be a list of field names"))
        required = []
    fields = []
    for key, value in schema["properties"].items():
        field = _type(value, _join(path, f"properties.{key}"), problems)
        field.update(name=key, required=key in required)
        if isinstance(value, dict):
            if isinstance(value.get("description"), str):
                field["description"] = value["description"]
            examples = value.get("examples")
            if isinstance(examples, list) and examples:
                field["example"] = examples[0]
        fields.append(field)
    return fields


def _type(schema: Any, path: str, problems: list[tuple[str, str]]) -> dict[str, Any]:
    if not isinstance(schema, dict):
        problems.append((path, "must be a schema object"))
        return {"type": "string"}
    for key in schema:
        if key not in _KNOWN:
            problems.append((_join(path, key), f"{shown(key)} is not supported in a contract (supported: type, "
                                               "format, enum, items, properties, required, description, examples)"))
    kind = schema.get("type")
    if "enum" in schema:
        values = schema["enum"]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            problems.append((_join(path, "enum"), "only enums of strings are supported"))
            return {"type": "enum", "values": ["unknown"]}
        return {"type": "enum", "values": values}
    if kind == "string":
        return {"type": "timestamp" if schema.get("format") == "date-time" else "string"}
    if kind in ("integer", "number", "boolean"):
        return {"type": kind}
    if kind == "array":
        item = _type(schema.get("items"), _join(path, "items"), problems)
        return {"type": "list", "items": item}
    if kind == "object":
        return {"type": "object", "fields": _fields(schema, path, problems)}
    problems.append((_join(path, "type"), f"{shown(kind)} is not supported; allowed: string, integer, number, "
                                          "boolean, array, object (and string enums)"))
    return {"type": "string"}


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
