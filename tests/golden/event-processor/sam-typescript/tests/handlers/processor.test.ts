import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/processor';
import { context } from '../helpers/context';
import { loadEvent } from '../helpers/events';

const sample = (): SQSEvent => loadEvent<SQSEvent>('processor');

describe('processor', () => {
  it('processes every record of the sample event', async () => {
    const event = sample();
    const result = await handler(event, context);
    expect(result).toEqual({ batchItemFailures: [] });
  });

  it('reports only the record that fails', async () => {
    const event = sample();
    const [first] = event.Records;
    if (first === undefined) throw new Error('the sample event has no records');
    first.body = 'not json';
    const result = await handler(event, context);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: first.messageId }] });
  });
});
