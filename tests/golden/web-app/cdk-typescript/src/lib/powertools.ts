import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

// One instance of each per execution environment, configured by POWERTOOLS_SERVICE_NAME,
// POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_LOG_LEVEL, which the infrastructure code sets per environment.
export const logger = new Logger();
export const tracer = new Tracer();
export const metrics = new Metrics();
