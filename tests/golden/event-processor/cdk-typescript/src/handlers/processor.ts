import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger, metrics, tracer } from '../lib/powertools';

/**
 * processor: Processes messages from the input queue in batches
 */
const processor = new BatchProcessor(EventType.SQS);

/** Processes one record; throwing marks just this record as failed. */
export const processRecord = async (record: SQSRecord): Promise<string> => {
  const payload = JSON.parse(record.body) as Record<string, unknown>;
  logger.info('Processing message', { messageId: record.messageId });
  const id = record.messageId;
  await handle(payload, id);
  return id;
};

const lambdaHandler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  return processPartialResponse(event, processRecord, processor, { context });
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
