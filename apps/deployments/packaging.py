"""From a rendered project (FileTree) to what CloudFormation receives: artifacts plus a final template.

One packager per target (iac x language), in the explicit registry `PACKAGERS`:

- SAM (`sam` x `python` | `typescript`): build each function's zip (Python sources plus dependencies installed
  for the target architecture; TypeScript bundled by esbuild), upload local DefinitionUri files, point the
  template at the S3 keys (what `sam package` does), then run the SAM transform in-process.
- CDK (`cdk` x `python` | `typescript`): synthesize the app in a subprocess (cdk_build), then drop what only a
  bootstrapped account provides and point the assets at the artifact bucket (no `cdk bootstrap` needed).

Packagers do no AWS calls: the pipeline uploads the artifacts and sends the template. Keys are content hashes,
so an unchanged artifact keeps its key (and is not uploaded twice).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from apps.deployments import cdk_build, node_build, python_build, sam
from generators.filetree import FileTree


class PackagingError(Exception):
    """The project cannot be turned into a deployable template; the message says what and where."""


@dataclass(frozen=True)
class Artifact:
    key: str
    body: bytes
    what: str  # for the event log: "function Router (2.1 MB)"


@dataclass
class Package:
    template: dict[str, Any]  # the final CloudFormation template (no transforms left)
    artifacts: list[Artifact]
    source_template: dict[str, Any] | None = None  # the packaged SAM template, linted too
    source_ids: frozenset[str] = frozenset()  # logical ids the user's template declares
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BuildContext:
    bucket: str
    prefix: str  # key prefix inside the artifact bucket, e.g. the stack name
    region: str
    cache_dir: Path
    node_toolchain: Path = Path("var/node-toolchain")
    environment: str = "dev"  # the target's: a CDK app synthesizes that environment's stack
    account: str = ""


Packager = Callable[[FileTree, BuildContext], Package]


def content_key(context: BuildContext, body: bytes, suffix: str) -> str:
    return f"{context.prefix}/{hashlib.sha256(body).hexdigest()}{suffix}"


def _size(body: bytes) -> str:
    return f"{len(body) / 1_000_000:.1f} MB" if len(body) >= 100_000 else f"{len(body) / 1000:.1f} kB"


# ---------------------------------------------------------------------------------------------- SAM
FunctionBuilder = Callable[[FileTree, str, str, Mapping[str, Any], Mapping[str, Any], BuildContext], bytes]


def _package_sam(tree: FileTree, context: BuildContext, build_function: FunctionBuilder) -> Package:
    try:
        template = sam.load_template(tree.text("template.yaml"))
    except KeyError:
        raise PackagingError("the project has no template.yaml") from None
    except Exception as error:  # the YAML decoder raises several unrelated types
        raise PackagingError(f"template.yaml does not parse: {error}") from None

    artifacts: list[Artifact] = []
    locations: dict[tuple[str, str], tuple[str, str]] = {}
    for logical_id, properties in sam.function_resources(template).items():
        code_uri = sam.local_path(properties.get("CodeUri"))
        if code_uri is None:
            continue
        metadata = template["Resources"][logical_id].get("Metadata", {})
        body = build_function(tree, logical_id, code_uri, properties, metadata, context)
        key = content_key(context, body, ".zip")
        artifacts.append(Artifact(key=key, body=body, what=f"function {logical_id} ({_size(body)})"))
        locations[(logical_id, "CodeUri")] = (context.bucket, key)

    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") != "AWS::Serverless::StateMachine":
            continue
        definition = sam.local_path(resource.get("Properties", {}).get("DefinitionUri"))
        if definition is None:
            continue
        if definition not in tree:
            raise PackagingError(f"{logical_id}: DefinitionUri {definition} is not in the project")
        body = tree[definition].content
        key = content_key(context, body, ".asl.json")
        artifacts.append(Artifact(key=key, body=body, what=f"state machine {logical_id} definition"))
        locations[(logical_id, "DefinitionUri")] = (context.bucket, key)

    packaged = sam.package(template, locations)
    source_ids = frozenset(template.get("Resources", {}))
    if not sam.is_sam(packaged):
        return Package(template=packaged, artifacts=artifacts, source_ids=source_ids)
    try:
        final = sam.transform(packaged, region=context.region)
    except sam.SamError as error:
        raise PackagingError(f"the SAM transform failed: {error}") from None
    return Package(template=final, artifacts=artifacts, source_template=packaged, source_ids=source_ids)


def _python_function_zip(tree: FileTree, logical_id: str, code_uri: str, properties: Mapping[str, Any],
                         metadata: Mapping[str, Any], context: BuildContext) -> bytes:
    prefix = f"{code_uri}/" if code_uri else ""
    sources = {path.removeprefix(prefix): tree[path].content for path in tree if path.startswith(prefix)}
    if not sources:
        raise PackagingError(f"function {logical_id}: CodeUri {code_uri or '.'} holds no files")
    runtime = str(properties.get("Runtime", ""))
    architectures = properties.get("Architectures") or ["x86_64"]
    # `sam build` installs the requirements.txt found in the function's CodeUri
    requirements_path = f"{prefix}requirements.txt"
    requirements = tree.text(requirements_path) if requirements_path in tree else ""
    try:
        dependencies = python_build.dependencies_zip(
            python_build.requirement_lines(requirements), runtime=runtime, architecture=str(architectures[0]),
            cache_dir=context.cache_dir / "python")
    except python_build.BuildError as error:
        raise PackagingError(f"function {logical_id}: {error}") from None
    return python_build.function_zip(sources, dependencies)


def _typescript_function_zip(tree: FileTree, logical_id: str, code_uri: str, properties: Mapping[str, Any],
                             metadata: Mapping[str, Any], context: BuildContext) -> bytes:
    if metadata.get("BuildMethod") != "esbuild":
        raise PackagingError(f"function {logical_id}: only `BuildMethod: esbuild` TypeScript functions are built")
    project = {path: tree[path].content for path in tree}
    try:
        modules = node_build.node_modules_for(project, toolchain=context.node_toolchain,
                                              cache_dir=context.cache_dir / "node")
        files = node_build.bundle(project, code_uri=code_uri, properties=metadata.get("BuildProperties", {}),
                                  node_modules=modules)
    except node_build.NodeBuildError as error:
        raise PackagingError(f"function {logical_id}: {error}") from None
    return python_build.zip_files(sorted(files.items()))


def package_sam_python(tree: FileTree, context: BuildContext) -> Package:
    return _package_sam(tree, context, _python_function_zip)


def package_sam_typescript(tree: FileTree, context: BuildContext) -> Package:
    return _package_sam(tree, context, _typescript_function_zip)


# ---------------------------------------------------------------------------------------------- CDK
def _package_cdk(tree: FileTree, context: BuildContext, *, language: str) -> Package:
    project = {path: tree[path].content for path in tree}
    try:
        node_modules = node_build.node_modules_for(project, toolchain=context.node_toolchain,
                                                   cache_dir=context.cache_dir / "node") \
            if language == "typescript" else node_build.shared_node_modules(context.node_toolchain)
        synthesized = cdk_build.synthesize(
            project, stack_name=context.prefix, environment=context.environment, region=context.region,
            account=context.account, node_modules=node_modules, jsii_cache=context.cache_dir / "jsii")
    except (node_build.NodeBuildError, cdk_build.SynthError) as error:
        raise PackagingError(str(error)) from None
    template = cdk_build.without_bootstrap(synthesized.template, context.bucket)
    artifacts = [Artifact(key=asset.key, body=asset.body, what=f"asset {asset.what} ({_size(asset.body)})")
                 for asset in synthesized.assets]
    return Package(template=template, artifacts=artifacts, source_ids=frozenset(template.get("Resources", {})))


def package_cdk_python(tree: FileTree, context: BuildContext) -> Package:
    return _package_cdk(tree, context, language="python")


def package_cdk_typescript(tree: FileTree, context: BuildContext) -> Package:
    return _package_cdk(tree, context, language="typescript")


PACKAGERS: dict[tuple[str, str], Packager] = {
    ("sam", "python"): package_sam_python,
    ("sam", "typescript"): package_sam_typescript,
    ("cdk", "python"): package_cdk_python,
    ("cdk", "typescript"): package_cdk_typescript,
}


def packager_for(iac: str, language: str) -> Packager:
    packager = PACKAGERS.get((iac, language))
    if packager is None:
        available = ", ".join(f"{i}+{lang}" for i, lang in sorted(PACKAGERS))
        raise PackagingError(f"deploying {iac}+{language} projects is not available yet (available: {available})")
    return packager
