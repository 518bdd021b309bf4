import type { SNSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/shipping';
import { context } from '../helpers/context';
import { loadEvent } from '../helpers/events';

const sample = (): SNSEvent => loadEvent<SNSEvent>('shipping');

describe('shipping', () => {
  it('handles the sample event', async () => {
    const result = await handler(sample(), context);
    expect(result).toBeUndefined();
  });
});
