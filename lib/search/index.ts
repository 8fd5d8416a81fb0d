export { getExecutionStats, type ExecutionStats } from './getExecutionStats';
export { listQuarantinedLines, type QuarantinedLineView } from './listQuarantinedLines';
