export { handleIngest } from './handleIngest';
export { normaliseRecord } from './normaliseRecord';
export { parseTimestamp } from './timestamps';
export { INGEST_LIMITS } from './limits';
export type { ExecutionRecord } from './executionRecord';
export { handleOtlpLogs } from './handleOtlp';
