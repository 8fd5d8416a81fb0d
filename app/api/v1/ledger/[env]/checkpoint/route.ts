import { withRoleOrToken } from '@/lib/auth/server';
import { getCheckpoint } from '@/lib/ledger/ledgerApi';

export const GET = withRoleOrToken('analyst', 'ledger:read', getCheckpoint);
