import { withRoleOrToken } from '@/lib/auth/server';
import { showExecution } from '@/lib/search/executionsApi';

// By (environment, seq), not by sender id: seq is unique per log and is what ledger proofs take.
export const GET = withRoleOrToken('analyst', 'executions:read', showExecution);
