"""What `sam package` and the SAM transform do, in-process and offline.

The local sandbox (moto) does not run the `AWS::Serverless-2016-10-31` transform, so templates are always
transformed here with aws-sam-translator before they are sent (on real AWS too: what was linted is what is
deployed). Packaging replaces local `CodeUri` / `DefinitionUri` paths with the S3 locations of the uploaded
artifacts.
"""

from __future__ import annotations

import copy
import json
import os
import threading
from collections.abc import Mapping
from typing import Any

from cfnlint.decode.cfn_yaml import loads as cfn_yaml_loads

_transform_lock = threading.Lock()


class SamError(ValueError):
    """The SAM template cannot be transformed; the message says why."""


def load_template(text: str) -> dict[str, Any]:
    """Parse a CloudFormation YAML template with short-form tags (!Ref, !GetAtt, !Sub …) into plain data."""
    template = cfn_yaml_loads(text)
    # cfn-lint's loader returns str/dict subclasses that remember line numbers: plain JSON data from here on
    plain: dict[str, Any] = json.loads(json.dumps(template))
    return plain


def is_sam(template: Mapping[str, Any]) -> bool:
    transform = template.get("Transform")
    transforms = transform if isinstance(transform, list) else [transform]
    return any(isinstance(t, str) and t.startswith("AWS::Serverless") for t in transforms)


def function_resources(template: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each AWS::Serverless::Function with its effective properties (Globals.Function merged in)."""
    defaults = template.get("Globals", {}).get("Function", {})
    functions = {}
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") == "AWS::Serverless::Function":
            functions[logical_id] = {**defaults, **resource.get("Properties", {})}
    return functions


def local_path(value: Any) -> str | None:
    """A CodeUri/DefinitionUri that names a local path (not an S3 URI or location object)."""
    if isinstance(value, str) and value and not value.startswith("s3://"):
        return value.strip("./").rstrip("/") if value not in {".", "./"} else ""
    return None


def package(template: Mapping[str, Any], locations: Mapping[tuple[str, str], tuple[str, str]]) -> dict[str, Any]:
    """Replace local CodeUri/DefinitionUri values by S3 locations: {(logical id, property): (bucket, key)}."""
    packaged = copy.deepcopy(dict(template))
    for (logical_id, prop), (bucket, key) in locations.items():
        properties = packaged["Resources"][logical_id].setdefault("Properties", {})
        properties[prop] = {"Bucket": bucket, "Key": key}
    return packaged


def transform(template: Mapping[str, Any], *, region: str, parameters: Mapping[str, str] | None = None
              ) -> dict[str, Any]:
    """Run the SAM transform offline (samtranslator ships its own managed-policy map)."""
    from samtranslator.model.exceptions import InvalidDocumentException, InvalidTemplateException
    from samtranslator.translator.transform import transform as sam_transform

    document = json.loads(json.dumps(template))
    # samtranslator reads the region from the environment (boto3's session), once per call
    with _transform_lock:
        previous = os.environ.get("AWS_DEFAULT_REGION")
        os.environ["AWS_DEFAULT_REGION"] = region
        try:
            transformed: dict[str, Any] = sam_transform(document, dict(parameters or {}), _NoManagedPolicies())
        except (InvalidDocumentException, InvalidTemplateException) as error:
            causes = getattr(error, "causes", []) or [error]
            raise SamError("; ".join(str(getattr(c, "message", c)) for c in causes)) from None
        finally:
            if previous is None:
                os.environ.pop("AWS_DEFAULT_REGION", None)
            else:
                os.environ["AWS_DEFAULT_REGION"] = previous
    return transformed


class _NoManagedPolicies:
    """The translator asks for the account's managed policies only for names it does not know itself."""

    def load(self) -> dict[str, str]:
        return {}
