import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/starter';
import { context } from '../helpers/context';
import { apiRequest, loadEvent, type ApiResponse } from '../helpers/events';

const sfnMock = mockClient(SFNClient);
const sample = (): APIGatewayProxyEventV2 => loadEvent<APIGatewayProxyEventV2>('starter');

describe('starter', () => {
  beforeEach(() => {
    sfnMock.reset();
    sfnMock.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:workflow:1', startDate: new Date(0) });
  });

  it('POST /executions accepts the request', async () => {
    const body = JSON.stringify({ event_type: 'order.created', detail: { orderId: 'order-1' } });
    const response = (await handler(apiRequest(sample(), 'POST', '/executions', body), context)) as ApiResponse;
    expect(response.statusCode).toBe(202);
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('POST /executions rejects a body that is not a JSON object', async () => {
    const response = (await handler(apiRequest(sample(), 'POST', '/executions', '[1, 2]'), context)) as ApiResponse;
    expect(response.statusCode).toBe(400);
  });
});
