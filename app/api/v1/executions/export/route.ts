import { withRoleOrToken } from '@/lib/auth/server';
import { exportExecutionsResponse } from '@/lib/search/executionsApi';

export const GET = withRoleOrToken('analyst', 'executions:read', exportExecutionsResponse);
