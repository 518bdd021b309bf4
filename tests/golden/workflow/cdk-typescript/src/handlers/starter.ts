import { randomUUID } from 'node:crypto';
import { Router } from '@aws-lambda-powertools/event-handler/http';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { requiredEnv } from '../lib/env';
import { json, readJsonObject } from '../lib/http';
import { logger, metrics, tracer } from '../lib/powertools';

/**
 * starter: Validates the request and starts an execution
 */
const workflowArn = requiredEnv('WORKFLOW_ARN');
const sfn = tracer.captureAWSv3Client(new SFNClient({}));

const app = new Router({ logger });

app.post('/executions', async ({ req }) => {
  const body = await readJsonObject(req);
  const id = randomUUID();
  await handle(body, id);
  return json(202, { id });
});

const lambdaHandler = async (event: APIGatewayProxyEventV2, context: Context) => app.resolve(event, context);

/**
 * The work itself, kept apart from the event plumbing so it can be tested and reused.
 */
export const handle = async (payload: Record<string, unknown>, id: string): Promise<void> => {
  logger.info('Handling', { id });
  const execution = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: workflowArn, name: id, input: JSON.stringify(payload) }),
  );
  logger.info('Started execution', { executionArn: execution.executionArn });
  metrics.addMetric('ItemsHandled', MetricUnit.Count, 1);
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { correlationIdPath: 'requestContext.requestId' }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(captureLambdaHandler(tracer));
