"""What the local sandbox lacks that AWS provides to every account, stood in for before a deployment.

CDK's Powertools layer is referenced through AWS's public SSM parameter (`/aws/service/powertools/…`); moto has
neither the parameter nor the layer, fails the whole stack on the missing parameter, and reserves the `/aws/`
names. For sandbox targets only, each such parameter's default (an SSM parameter name) becomes a stand-in under
/designer-sandbox/ — moto resolves defaults even when a value is passed — pointing at a stand-in layer when a
function uses it as a layer. Every stand-in is reported in the deployment's log.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from typing import Any

from apps.deployments.aws import Account, AwsError

PUBLIC_PREFIX = "/aws/service/"
STAND_IN_PREFIX = "/designer-sandbox"


def with_stand_ins(account: Account, template: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The template with stand-ins for the public SSM parameters it reads that the sandbox lacks, and notes."""
    template = copy.deepcopy(template)
    notes = []
    layer_refs = _parameters_used_as_layers(template)
    for name, parameter in template.get("Parameters", {}).items():
        path = str(parameter.get("Default", ""))
        if not str(parameter.get("Type", "")).startswith("AWS::SSM::Parameter::Value") or not path.startswith(
                PUBLIC_PREFIX):
            continue
        if _exists(account, path):
            continue
        stand_in = STAND_IN_PREFIX + path
        parameter["Default"] = stand_in
        if _exists(account, stand_in):
            continue
        if name in layer_refs:
            layer = "sandbox-" + re.sub(r"[^A-Za-z0-9_-]", "-", path.removeprefix(PUBLIC_PREFIX))[:100]
            value = account.call("lambda", "publish_layer_version", LayerName=layer,
                                 Content={"ZipFile": _empty_zip()},
                                 Description="stand-in for an AWS public layer")["LayerVersionArn"]
        else:
            value = "sandbox-stand-in"
        account.call("ssm", "put_parameter", Name=stand_in, Value=value, Type="String", Overwrite=True)
        notes.append(f"The sandbox has no AWS public parameter {path}: using the stand-in {stand_in} ({value}).")
    return template, notes


def _exists(account: Account, path: str) -> bool:
    try:
        account.call("ssm", "get_parameter", Name=path)
    except AwsError as error:
        if error.code == "ParameterNotFound":
            return False
        raise
    return True


def _parameters_used_as_layers(template: dict[str, Any]) -> set[str]:
    used = set()
    for resource in template.get("Resources", {}).values():
        for layer in resource.get("Properties", {}).get("Layers", []) or []:
            if isinstance(layer, dict) and "Ref" in layer:
                used.add(str(layer["Ref"]))
    return used


def _empty_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("python/.keep", b"")
    return buffer.getvalue()
