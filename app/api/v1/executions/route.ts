import { withRoleOrToken } from '@/lib/auth/server';
import { listExecutions } from '@/lib/search/executionsApi';

// Search and live tail for the console and SIEM scripts; tokens are held to their environment.
export const GET = withRoleOrToken('analyst', 'executions:read', listExecutions);
