import { describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/process';
import { context } from '../helpers/context';
import { loadEvent } from '../helpers/events';

const sample = (): Record<string, unknown> => loadEvent<Record<string, unknown>>('process');

describe('process', () => {
  it('handles the sample event', async () => {
    const result = await handler(sample(), context);
    expect(result).toMatchObject({ orderId: 'order-1', process: { status: 'done' } });
  });
});
