import { describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/validate';
import { context } from '../helpers/context';
import { loadEvent } from '../helpers/events';

const sample = (): Record<string, unknown> => loadEvent<Record<string, unknown>>('validate');

describe('validate', () => {
  it('handles the sample event', async () => {
    const result = await handler(sample(), context);
    expect(result).toMatchObject({ orderId: 'order-1', validate: { status: 'done' } });
  });
});
