import type { SNSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/billing';
import { context } from '../helpers/context';
import { loadEvent } from '../helpers/events';

const sample = (): SNSEvent => loadEvent<SNSEvent>('billing');

describe('billing', () => {
  it('handles the sample event', async () => {
    const result = await handler(sample(), context);
    expect(result).toBeUndefined();
  });
});
