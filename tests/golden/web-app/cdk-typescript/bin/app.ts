#!/usr/bin/env node
import * as cdk from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type EnvironmentConfig, ShopStack } from '../lib/shop-stack';

const app = new cdk.App();
// cdk-nag's AwsSolutions rules check every synth: a finding that is not acknowledged (with its reason, next to
// the construct in lib/) fails it.
cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

// One stack per environment; `cdk synth -c environment=prod` builds just one.
// cdk.json holds every environment's settings; run without it (a test importing this app) the app builds the first
// environment with its defaults.
const DEFAULT_ENVIRONMENTS: Record<string, EnvironmentConfig> = {"dev": {"logRetentionDays": 7, "logLevel": "DEBUG"}};
const environments =
  (app.node.tryGetContext('environments') as Record<string, EnvironmentConfig> | undefined) ?? DEFAULT_ENVIRONMENTS;
const only = app.node.tryGetContext('environment') as string | undefined;
for (const [environment, config] of Object.entries(environments)) {
  if (only !== undefined && only !== environment) {
    continue;
  }
  const stack = new ShopStack(app, `shop-${environment}`, {
    stackName: `shop-${environment}`,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: 'us-east-1' },
    environment,
    config,
  });
  cdk.Tags.of(stack).add('project', 'shop');
  cdk.Tags.of(stack).add('environment', environment);
}
