import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { logger, metrics, tracer } from '../lib/powertools';

/**
 * shipping: Handles order.created, order.cancelled
 */

const lambdaHandler = async (event: SNSEvent): Promise<void> => {
  // SNS invokes once per message; a thrown error makes Lambda retry, then the function's DLQ takes it.
  for (const record of event.Records) {
    const payload = JSON.parse(record.Sns.Message) as Record<string, unknown>;
    logger.info('Received notification', { messageId: record.Sns.MessageId, subject: record.Sns.Subject });
    await handle(payload, record.Sns.MessageId);
  }
};

/**
 * The work itself, kept apart from the event plumbing so it can be tested and reused.
 */
export const handle = async (payload: Record<string, unknown>, id: string): Promise<void> => {
  logger.info('Handling', { id });
  metrics.addMetric('ItemsHandled', MetricUnit.Count, 1);
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(captureLambdaHandler(tracer));
