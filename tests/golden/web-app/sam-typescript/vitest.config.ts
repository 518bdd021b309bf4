import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The handlers read these at module load; tests never reach AWS (every client is mocked).
    env: {
      AWS_REGION: 'us-east-1',
      DATA_TABLE_NAME: 'data-table-name',
      POWERTOOLS_IDEMPOTENCY_DISABLED: 'false',
      POWERTOOLS_LOG_DEDUPLICATION_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_METRICS_NAMESPACE: 'Test',
      POWERTOOLS_SERVICE_NAME: 'test',
      POWERTOOLS_TRACE_ENABLED: 'false',
    },
  },
});
