import { describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/job';
import { context } from '../helpers/context';
import { loadEvent } from '../helpers/events';

const sample = (): Record<string, unknown> => loadEvent<Record<string, unknown>>('job');

describe('job', () => {
  it('handles the sample event', async () => {
    const result = await handler(sample(), context);
    expect(result).toEqual({ runId: context.awsRequestId });
  });
});
