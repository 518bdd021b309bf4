"""The CDK app: one ShopStack per environment (`cdk synth -c environment=prod` builds just one)."""

from __future__ import annotations

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks

from shop.stack import ShopStack

app = cdk.App()
# cdk-nag's AwsSolutions rules check every synth: a finding that is not acknowledged (with its reason, next to the
# construct in shop/stack.py) fails it.
cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))

# cdk.json holds every environment's settings; run without it (`python app.py`, a test importing this module) the
# app builds the first environment with its defaults.
DEFAULT_ENVIRONMENTS: dict[str, dict[str, object]] = {"dev": {"logRetentionDays": 7, "logLevel": "DEBUG"}}
environments: dict[str, dict[str, object]] = app.node.try_get_context("environments") or DEFAULT_ENVIRONMENTS
only = app.node.try_get_context("environment")
for environment, config in environments.items():
    if only is not None and only != environment:
        continue
    stack = ShopStack(
        app,
        f"shop-{environment}",
        stack_name=f"shop-{environment}",
        env=cdk.Environment(region="us-east-1"),
        environment=environment,
        log_retention_days=int(str(config["logRetentionDays"])),
        log_level=str(config["logLevel"]),
    )
    cdk.Tags.of(stack).add("project", "shop")
    cdk.Tags.of(stack).add("environment", environment)

app.synth()
