"""CloudFront distributions in the SAM template, printed from `generators.renderers.plan.distributions`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generators.catalog import COMPONENTS
from generators.model import Distribution
from generators.renderers.cfn_yaml import GetAtt, Intrinsic, Ref, Select, Split, Sub
from generators.renderers.plan import distributions as plan
from generators.renderers.sam.naming import bucket_name, lid

if TYPE_CHECKING:
    from generators.renderers.sam.template import TemplateBuilder

ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]


def distribution_arn(name: str) -> Intrinsic:
    return Sub(f"arn:${{AWS::Partition}}:cloudfront::${{AWS::AccountId}}:distribution/${{{lid(name)}}}")


def site_read_statement(builder: TemplateBuilder, bucket: str, distributions: list[str]) -> dict[str, Any]:
    """The bucket policy statement that lets only these distributions read the site's objects (OAC)."""
    objects = Sub(f"arn:${{AWS::Partition}}:s3:::{bucket_name(builder.design, bucket).value}/*")
    arns = [distribution_arn(d) for d in distributions]
    return {
        "Sid": "AllowCloudFrontRead",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject",
        "Resource": objects,
        "Condition": {"StringEquals": {"AWS:SourceArn": arns[0] if len(arns) == 1 else arns}},
    }


def emit_distribution(builder: TemplateBuilder, distribution: Distribution) -> None:
    found = [p for p in plan.distribution_plans(builder.design) if p.name == distribution.name]
    if not found:
        return  # a draft that serves nothing yet
    p = found[0]
    ident = lid(distribution.name)
    headers = f"{ident}HeadersPolicy"
    builder.add(headers, {"Type": "AWS::CloudFront::ResponseHeadersPolicy", "Properties": {
        "ResponseHeadersPolicyConfig": {
            "Name": _unique_name(distribution.name, "headers"),
            "Comment": f"Security headers of {distribution.name}",
            "SecurityHeadersConfig": {
                "ContentSecurityPolicy": {"ContentSecurityPolicy": plan.CONTENT_SECURITY_POLICY, "Override": True},
                "ContentTypeOptions": {"Override": True},
                "FrameOptions": {"FrameOption": "DENY", "Override": True},
                "ReferrerPolicy": {"ReferrerPolicy": plan.REFERRER_POLICY, "Override": True},
                "StrictTransportSecurity": {"AccessControlMaxAgeSec": plan.HSTS_MAX_AGE_S, "IncludeSubdomains": True,
                                            "Preload": True, "Override": True},
                "XSSProtection": {"Protection": True, "ModeBlock": True, "Override": True},
            },
        },
    }})
    origins: list[dict[str, Any]] = []
    behaviours: list[dict[str, Any]] = []
    backend_behaviour: dict[str, Any] | None = None
    if p.backend is not None:
        origins.append({
            "Id": "backend",
            "DomainName": Sub(f"${{{lid(p.backend)}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}"),
            "CustomOriginConfig": {"OriginProtocolPolicy": "https-only", "OriginSSLProtocols": ["TLSv1.2"]},
        })
        backend_behaviour = {
            "TargetOriginId": "backend",
            "ViewerProtocolPolicy": "redirect-to-https",
            "AllowedMethods": ALL_METHODS,
            "CachedMethods": ["GET", "HEAD"],
            "CachePolicyId": plan.CACHING_DISABLED,
            "OriginRequestPolicyId": plan.ALL_VIEWER_EXCEPT_HOST_HEADER,
            "ResponseHeadersPolicyId": Ref(headers),
            "Compress": True,
        }
    config: dict[str, Any] = {
        "Enabled": True,
        "Comment": distribution.description or f"{builder.design.project.name} {distribution.name}",
        "HttpVersion": "http2and3",
        "IPV6Enabled": True,
        "PriceClass": distribution.price_class,
    }
    if p.site is not None:
        builder.add(f"{ident}SiteOriginAccessControl", _oac(_unique_name(distribution.name, "s3"), "s3"))
        origins.insert(0, {
            "Id": "site",
            "DomainName": GetAtt(lid(p.site), "RegionalDomainName"),
            "S3OriginConfig": {"OriginAccessIdentity": ""},
            "OriginAccessControlId": GetAtt(f"{ident}SiteOriginAccessControl", "Id"),
        })
        default: dict[str, Any] = {
            "TargetOriginId": "site",
            "ViewerProtocolPolicy": "redirect-to-https",
            "AllowedMethods": ["GET", "HEAD"],
            "CachePolicyId": plan.CACHING_OPTIMIZED,
            "ResponseHeadersPolicyId": Ref(headers),
            "Compress": True,
        }
        config["DefaultRootObject"] = "index.html"
        if p.spa_fallback:
            builder.add(f"{ident}SpaFunction", {"Type": "AWS::CloudFront::Function", "Properties": {
                "Name": _unique_name(distribution.name, "spa"),
                "AutoPublish": True,
                "FunctionConfig": {"Comment": "Client-side routes (no file extension) get /index.html",
                                   "Runtime": "cloudfront-js-2.0"},
                "FunctionCode": plan.SPA_FUNCTION_CODE,
            }})
            default["FunctionAssociations"] = [{"EventType": "viewer-request",
                                                "FunctionARN": GetAtt(f"{ident}SpaFunction",
                                                                      "FunctionMetadata.FunctionARN")}]
        if backend_behaviour is not None:
            behaviours.append({"PathPattern": distribution.backend_path, **backend_behaviour})
    else:
        default = backend_behaviour or {}
    config["Origins"] = origins
    config["DefaultCacheBehavior"] = default
    if behaviours:
        config["CacheBehaviors"] = behaviours
    builder.add(ident, {"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": config}})
    for output in COMPONENTS["distribution"].outputs:
        value = GetAtt(ident, "DomainName") if output.suffix == "Domain" else Ref(ident)
        builder.output(f"{ident}{output.suffix}", value, output.description.format(name=distribution.name))


def _unique_name(name: str, role: str) -> Intrinsic:
    """An account-unique name within CloudFront's 64-character limit: the component, its role and the stack's UUID."""
    return Sub(f"{name[:16]}-{role}-${{StackUuid}}", {"StackUuid": Select(2, Split("/", Ref("AWS::StackId")))})


def _oac(name: Intrinsic, origin_type: str) -> dict[str, Any]:
    return {"Type": "AWS::CloudFront::OriginAccessControl", "Properties": {"OriginAccessControlConfig": {
        "Name": name,
        "OriginAccessControlOriginType": origin_type,
        "SigningBehavior": "always",
        "SigningProtocol": "sigv4",
    }}}
