"""Semantic comparison of two templates after the SAM transform: same logical ids, types and properties."""

from __future__ import annotations

import json
import os
from typing import Any

from generators.importing.parse import parse_template


class _NoManagedPolicies:
    def load(self) -> dict[str, str]:
        return {}


def transformed(text: str, name: str = "template") -> dict[str, Any]:
    """The template as CloudFormation sees it: the SAM transform applied offline when it declares one."""
    plain = parse_template(text, name).plain
    transform = plain.get("Transform")
    if transform and "AWS::Serverless-2016-10-31" in (transform if isinstance(transform, list) else [transform]):
        from samtranslator.translator.transform import transform as sam_transform  # lazily: a heavy dependency

        os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
        packaged = json.loads(json.dumps(plain))
        for resource in packaged.get("Resources", {}).values():
            props = resource.get("Properties") or {}
            for key in ("CodeUri", "DefinitionUri", "ContentUri"):
                if isinstance(props.get(key), str) and not props[key].startswith("s3://"):
                    props[key] = f"s3://artifact-bucket/{props[key].strip('/').replace('/', '-')}.zip"
        result: dict[str, Any] = json.loads(json.dumps(sam_transform(packaged, {}, _NoManagedPolicies())))
        return result
    copied: dict[str, Any] = json.loads(json.dumps(plain))
    return copied


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        found: list[str] = []
        for key in sorted(set(a) | set(b)):
            where = f"{path}.{key}" if path else str(key)
            if key not in a:
                found.append(f"{where}: only in B")
            elif key not in b:
                found.append(f"{where}: only in A")
            else:
                found.extend(differences(a[key], b[key], where))
        return found
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, f"{path}[{i}]")]
    if a != b or (type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float)))):
        return [f"{path}: {json.dumps(a)[:120]} != {json.dumps(b)[:120]}"]
    return []


def compare_templates(text_a: str, text_b: str) -> list[str]:
    return differences(transformed(text_a, "A"), transformed(text_b, "B"))
