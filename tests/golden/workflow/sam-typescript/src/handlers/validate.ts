import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger, metrics, tracer } from '../lib/powertools';

/**
 * validate: Workflow step 'validate'
 */

/** A workflow step: takes the state input, returns the input plus this step's result. */
const lambdaHandler = async (event: Record<string, unknown>, context: Context): Promise<Record<string, unknown>> => {
  logger.info('Step started', { step: 'validate' });
  await handle(event, context.awsRequestId);
  return { ...event, validate: { status: 'done', requestId: context.awsRequestId } };
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
