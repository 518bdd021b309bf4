import { NotFoundError, Router } from '@aws-lambda-powertools/event-handler/http';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { requiredEnv } from '../lib/env';
import { json, pathParam, readJsonObject } from '../lib/http';
import { ItemRepository } from '../lib/items';
import { logger, metrics, tracer } from '../lib/powertools';

/**
 * router: Routes every /api request (Powertools event handler)
 */
const dataTableName = requiredEnv('DATA_TABLE_NAME');
const documentClient = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));
const items = new ItemRepository(documentClient, dataTableName, 'pk', 'sk');

const app = new Router({ logger });

app.get('/api/items', async ({ params }) => {
  const found = await items.list('api');
  return json(200, { items: found });
});

app.get('/api/items/:id', async ({ params }) => {
  const item = await items.get('api', pathParam(params, 'id'));
  if (item === undefined) {
    throw new NotFoundError('No such item');
  }
  return json(200, item);
});

app.post('/api/items', async ({ params, req }) => {
  const item = await items.create('api', await readJsonObject(req));
  return json(201, item);
});

app.put('/api/items/:id', async ({ params, req }) => {
  const item = await items.update('api', pathParam(params, 'id'), await readJsonObject(req));
  if (item === undefined) {
    throw new NotFoundError('No such item');
  }
  return json(200, item);
});

app.delete('/api/items/:id', async ({ params }) => {
  if (!(await items.remove('api', pathParam(params, 'id')))) {
    throw new NotFoundError('No such item');
  }
  return json(204, undefined);
});

const lambdaHandler = async (event: APIGatewayProxyEventV2, context: Context) => app.resolve(event, context);

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { correlationIdPath: 'requestContext.requestId' }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(captureLambdaHandler(tracer));
