export { getExecutionStats, type ExecutionStats } from './getExecutionStats';
