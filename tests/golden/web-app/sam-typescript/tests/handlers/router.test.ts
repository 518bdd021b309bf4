import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/router';
import { context } from '../helpers/context';
import { apiRequest, loadEvent, type ApiResponse } from '../helpers/events';

const documentMock = mockClient(DynamoDBDocumentClient);
const sample = (): APIGatewayProxyEventV2 => loadEvent<APIGatewayProxyEventV2>('router');

describe('router', () => {
  beforeEach(() => {
    documentMock.reset();
    documentMock.on(DeleteCommand).resolves({ Attributes: { pk: 'items', sk: 'item-1' } });
    documentMock.on(GetCommand).resolves({ Item: { pk: 'items', sk: 'item-1', name: 'Sample item' } });
    documentMock.on(PutCommand).resolves({});
    documentMock.on(QueryCommand).resolves({ Items: [{ pk: 'items', sk: 'item-1', name: 'Sample item' }] });
    documentMock.on(UpdateCommand).resolves({ Attributes: { pk: 'items', sk: 'item-1', name: 'Renamed' } });
  });

  it('GET /api/items lists the items', async () => {
    const response = (await handler(apiRequest(sample(), 'GET', '/api/items'), context)) as ApiResponse;
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '{}')).toEqual({ items: [{ id: 'item-1', name: 'Sample item' }] });
  });

  it('GET /api/items/{id} returns the item', async () => {
    const response = (await handler(apiRequest(sample(), 'GET', '/api/items/item-1'), context)) as ApiResponse;
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({ id: 'item-1', name: 'Sample item' });
  });

  it('GET /api/items/{id} answers 404 for an unknown item', async () => {
    documentMock.on(GetCommand).resolves({});
    const response = (await handler(apiRequest(sample(), 'GET', '/api/items/item-1'), context)) as ApiResponse;
    expect(response.statusCode).toBe(404);
  });

  it('POST /api/items creates an item', async () => {
    const body = JSON.stringify({ name: 'New item' });
    const response = (await handler(apiRequest(sample(), 'POST', '/api/items', body), context)) as ApiResponse;
    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({ name: 'New item' });
    expect(documentMock.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('POST /api/items rejects a body that is not a JSON object', async () => {
    const response = (await handler(apiRequest(sample(), 'POST', '/api/items', 'not json'), context)) as ApiResponse;
    expect(response.statusCode).toBe(400);
    expect(documentMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('PUT /api/items/{id} updates the item', async () => {
    const body = JSON.stringify({ name: 'Renamed' });
    const response = (await handler(apiRequest(sample(), 'PUT', '/api/items/item-1', body), context)) as ApiResponse;
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({ id: 'item-1', name: 'Renamed' });
    expect(documentMock.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(documentMock.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('PUT /api/items/{id} answers 404 for an unknown item', async () => {
    documentMock.on(UpdateCommand).rejects(Object.assign(new Error('missing'), { name: 'ConditionalCheckFailedException' }));
    const body = JSON.stringify({ name: 'Renamed' });
    const response = (await handler(apiRequest(sample(), 'PUT', '/api/items/item-1', body), context)) as ApiResponse;
    expect(response.statusCode).toBe(404);
  });

  it('DELETE /api/items/{id} deletes the item', async () => {
    const response = (await handler(apiRequest(sample(), 'DELETE', '/api/items/item-1'), context)) as ApiResponse;
    expect(response.statusCode).toBe(204);
    expect(documentMock.commandCalls(DeleteCommand)).toHaveLength(1);
  });
});
