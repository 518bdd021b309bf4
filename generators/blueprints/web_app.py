"""Full-stack web application: a static front end in a private bucket behind CloudFront, and a backend on the same
origin under /api (an HTTP API routing to functions, built from the api blueprint's blocks).

The browser loads the site and calls `/api/...` on the same CloudFront domain, so the API needs no CORS and the
site's content security policy can stay `'self'`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from generators.blueprints.api import READS, ROUTE_OF, ApiResource
from generators.blueprints.base import Blueprint, BlueprintOptions
from generators.model import (
    Bucket,
    Component,
    Connection,
    Design,
    Distribution,
    Function,
    HttpApi,
    KeyAttribute,
    Project,
    Reads,
    Routes,
    Serves,
    Table,
    Writes,
)

API_PREFIX = "/api"


class WebAppOptions(BlueprintOptions):
    backend: Literal["api"] = Field(
        default="api",
        description="api (HTTP API + route functions under /api, the api blueprint's building blocks)",
    )
    resources: list[ApiResource] = Field(
        default_factory=lambda: [ApiResource()], min_length=1, max_length=20,
        description="Resources the backend serves under /api, and the CRUD operations each exposes",
    )
    table: bool = Field(default=True, description="Store the resources in a DynamoDB table")
    spa_fallback: bool = Field(
        default=True, description="Serve index.html for paths without a file extension (client-side routing)",
    )
    price_class: Literal["PriceClass_100", "PriceClass_200", "PriceClass_All"] = Field(
        default="PriceClass_100",
        description="CloudFront edge locations: PriceClass_100 (North America, Europe; cheapest) | PriceClass_200 | "
                    "PriceClass_All",
    )
    memory_mb: int = Field(default=512, ge=128, le=10240, description="Memory of each backend function (MB)")
    timeout_s: int = Field(default=10, ge=1, le=900, description="Timeout of each backend function (s); the HTTP API "
                                                                 "waits at most 30 s (the advisor says so)")

    @field_validator("resources")
    @classmethod
    def _unique_resources(cls, value: list[ApiResource]) -> list[ApiResource]:
        names = [r.name for r in value]
        if len(set(names)) != len(names):
            raise ValueError(f"resource names must be unique, got {names}")
        return value


def build(project: Project, options: WebAppOptions) -> Design:
    components: list[Component] = [
        Bucket(name="site", description="The static front end (private: only the distribution reads it)"),
        Distribution(name="cdn", price_class=options.price_class, spa_fallback=options.spa_fallback,
                     backend_path=f"{API_PREFIX}/*",
                     description="CloudFront: the site, and the backend under /api on the same origin"),
        HttpApi(name="api", description="HTTP API (API Gateway v2) behind CloudFront under /api"),
        Function(name="router", memory_mb=options.memory_mb, timeout_s=options.timeout_s,
                 description="Routes every /api request (Powertools event handler)"),
    ]
    connections: list[Connection] = [Serves(source="cdn", target="site"), Serves(source="cdn", target="api")]
    routes = [(resource.name, op) for resource in options.resources for op in resource.operations]
    for resource, op in routes:
        method, path = ROUTE_OF[op]
        connections.append(Routes(source="api", target="router", method=method,
                                  path=API_PREFIX + path.format(resource=resource)))
    if options.table:
        components.append(Table(name="data-table", partition_key=KeyAttribute(name="pk"),
                                sort_key=KeyAttribute(name="sk"),
                                description="Single table: pk = resource name, sk = item id"))
        ops = {op for _, op in routes}
        if ops & READS:
            connections.append(Reads(source="router", target="data-table"))
        if ops - READS:
            connections.append(Writes(source="router", target="data-table"))
    return Design(project=project, components=components, connections=connections)


BLUEPRINT = Blueprint(
    name="web-app",
    title="Full-stack web app",
    summary="A static front end in a private S3 bucket behind CloudFront (security headers, SPA fallback) and an "
            "HTTP API backend with functions on the same origin.",
    options_model=WebAppOptions,
    builder=build,
)
