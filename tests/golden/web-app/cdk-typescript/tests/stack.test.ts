import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ShopStack } from '../lib/shop-stack';

const synth = (withNag = false): { app: cdk.App; template: Template } => {
  // Handlers are not bundled here (bundling-stacks: none): these tests check the infrastructure.
  const app = new cdk.App({ context: { 'aws:cdk:bundling-stacks': [] } });
  if (withNag) {
    cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  const stack = new ShopStack(app, 'test', {
    env: { region: 'us-east-1' },
    environment: 'prod',
    config: { logRetentionDays: 90, logLevel: 'WARN' },
  });
  return { app, template: Template.fromStack(stack) };
};
const { template } = synth();

describe('ShopStack', () => {
  it('synthesizes with no unacknowledged cdk-nag (AwsSolutions) finding', () => {
    expect(() => synth(true).app.synth()).not.toThrow();
  });

  it('creates the 1 designed functions: Node.js 22, arm64, active tracing, JSON logs', () => {
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      {
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
      },
      1,
    );
  });

  it('keeps every log group for 90 days in prod', () => {
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });
});
