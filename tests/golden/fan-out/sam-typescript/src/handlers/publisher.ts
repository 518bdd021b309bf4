import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { requiredEnv } from '../lib/env';
import { logger, metrics, tracer } from '../lib/powertools';

/**
 * publisher: Validates and publishes events to the channel
 */
const eventsArn = requiredEnv('EVENTS_ARN');
const sns = tracer.captureAWSv3Client(new SNSClient({}));

/** Invoked directly (SDK or CLI) with a JSON object such as the one in events/publisher.json. */
const lambdaHandler = async (event: Record<string, unknown>, context: Context): Promise<{ id: string }> => {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new TypeError('The event must be a JSON object');
  }
  await handle(event, context.awsRequestId);
  return { id: context.awsRequestId };
};

/**
 * The work itself, kept apart from the event plumbing so it can be tested and reused.
 */
export const handle = async (payload: Record<string, unknown>, id: string): Promise<void> => {
  logger.info('Handling', { id });
  await sns.send(
    new PublishCommand({
      TopicArn: eventsArn,
      // subscriptions filter on event_type: a message attribute, and the same key at the top of the body
      Message: JSON.stringify({ ...payload, event_type: eventTypeOf(payload) }),
      MessageAttributes: { event_type: { DataType: 'String', StringValue: eventTypeOf(payload) } },
    }),
  );
  metrics.addMetric('ItemsHandled', MetricUnit.Count, 1);
};

/** The event type consumers filter on: `event_type` in the payload. */
const eventTypeOf = (payload: Record<string, unknown>): string =>
  typeof payload.event_type === 'string' && payload.event_type !== '' ? payload.event_type : 'event';

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(captureLambdaHandler(tracer));
