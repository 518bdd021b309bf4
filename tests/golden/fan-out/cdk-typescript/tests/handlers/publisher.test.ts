import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/publisher';
import { context } from '../helpers/context';
import { loadEvent } from '../helpers/events';

const snsMock = mockClient(SNSClient);
const sample = (): Record<string, unknown> => loadEvent<Record<string, unknown>>('publisher');

describe('publisher', () => {
  beforeEach(() => {
    snsMock.reset();
    snsMock.on(PublishCommand).resolves({});
  });

  it('handles the sample event', async () => {
    const result = await handler(sample(), context);
    expect(result).toEqual({ id: context.awsRequestId });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
    const published = snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(published?.MessageAttributes?.event_type?.StringValue).toBe('order.created');
    // subscriptions may filter on the body: the same key at its top level
    expect(JSON.parse(published?.Message ?? '{}')).toMatchObject({ event_type: 'order.created' });
  });
});
