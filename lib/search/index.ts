export { getExecutionStats, type ExecutionStats } from './getExecutionStats';
export { listQuarantinedLines, type QuarantinedLineView } from './listQuarantinedLines';
export { searchExecutions, type ExecutionPage, type SearchOptions } from './searchExecutions';
export { tailExecutions, type TailPage } from './tailExecutions';
export { getSessionTimeline, type SessionTimeline } from './getSessionTimeline';
export { getExecution, type ExecutionDetail } from './getExecution';
export { exportExecutions, csvCell, type ExportFormat } from './exportExecutions';
export { indexPendingExecutions, searchIndexStatus, type IndexReport, type SearchIndexStatus } from './indexPendingExecutions';
export { toApiJson, type ExecutionSummary } from './executionSummary';
export {
  parseExecutionQuery, executionQueryParams, QUERY_PARAMETERS, TIME_RANGES, MAX_PAGE_SIZE,
  type ExecutionFilters, type ExecutionQuery, type ParsedQuery, type TimeRange,
} from './searchFilters';
export { SORTS, type Sort, type Order } from './cursor';
export { parseTerms, type TextTerm } from './textTerms';
export type { ExtraCondition } from './matchConditions';
