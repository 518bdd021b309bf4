"""What a CloudFront distribution serves and how: decided once here, printed by SAM and both CDK stacks.

The site bucket stays private: CloudFront reads it through origin access control (OAC) and the bucket policy names
the one distribution. A backend origin gets no caching and every viewer header except Host (API Gateway answers
only for its own host name). Security headers come from one response headers policy on every behaviour; the SPA
fallback is a viewer-request CloudFront Function on the site behaviour, so API errors are never rewritten into
index.html (which custom error responses would do).
"""

from __future__ import annotations

from dataclasses import dataclass

from generators.model import Design, Distribution

# AWS managed policies (CloudFront developer guide, "Use managed cache policies" / "managed origin request policies")
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"

# the front end calls its backend on the same origin, so 'self' covers fetch() too
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
                           "form-action 'self'; frame-ancestors 'none'")
HSTS_MAX_AGE_S = 63072000  # two years, the HSTS preload list's minimum is one
REFERRER_POLICY = "strict-origin-when-cross-origin"

# viewer-request function (cloudfront-js-2.0): a path whose last segment has no extension is a client-side route
SPA_FUNCTION_CODE = """function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}
"""

# cdk-nag findings a distribution acknowledges (printed by both CDK stacks after the distribution is created)
NAG_ACKNOWLEDGEMENTS: dict[str, str] = {  # reasons of at most 94 characters: one line in the CDK Python stack
    "AwsSolutions-CFR1": "Geo restrictions are a business decision; the site serves every country by default",
    "AwsSolutions-CFR2": "AWS WAF costs a web ACL per month; attach one when the site needs it",
    "AwsSolutions-CFR3": "Standard logs need an ACL-enabled log bucket; turn on standard logging v2 when needed",
    "AwsSolutions-CFR4": "The default *.cloudfront.net certificate fixes viewer TLS; use a custom domain for TLS 1.2",
}


@dataclass(frozen=True)
class DistributionPlan:
    distribution: Distribution
    site: str | None  # the bucket component served as the default behaviour
    backend: str | None  # the http_api under backend_path (the default behaviour without a site)

    @property
    def name(self) -> str:
        return self.distribution.name

    @property
    def spa_fallback(self) -> bool:
        return self.site is not None and self.distribution.spa_fallback


def distribution_plans(design: Design) -> list[DistributionPlan]:
    """Every distribution that serves something (a draft serving nothing deploys nothing)."""
    plans: list[DistributionPlan] = []
    for component in design.components:
        if not isinstance(component, Distribution):
            continue
        targets = [design.component(c.target) for c in design.outgoing(component.name, "serves")]
        site = next((t.name for t in targets if t.kind == "bucket"), None)
        backend = next((t.name for t in targets if t.kind != "bucket"), None)
        if site is None and backend is None:
            continue
        plans.append(DistributionPlan(component, site, backend))
    return plans


def site_bucket_readers(design: Design) -> dict[str, list[str]]:
    """bucket -> the distributions that read it (their ARNs go in the bucket policy)."""
    readers: dict[str, list[str]] = {}
    for plan in distribution_plans(design):
        if plan.site is not None:
            readers.setdefault(plan.site, []).append(plan.name)
    return readers
