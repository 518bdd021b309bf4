import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger, metrics, tracer } from '../lib/powertools';

/**
 * job: The scheduled job
 */

const lambdaHandler = async (_event: Record<string, unknown>, context: Context): Promise<{ runId: string }> => {
  // EventBridge Scheduler retries a failed invocation and then sends it to the schedule's DLQ; the run must
  // be safe to repeat.
  const runId = context.awsRequestId;
  logger.info('Scheduled run started', { runId });
  await handle({ runId, startedAt: new Date().toISOString() }, runId);
  logger.info('Scheduled run finished', { runId });
  return { runId };
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
