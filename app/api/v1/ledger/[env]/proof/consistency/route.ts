import { withRoleOrToken } from '@/lib/auth/server';
import { getConsistencyProof } from '@/lib/ledger/ledgerApi';

export const GET = withRoleOrToken('analyst', 'ledger:read', getConsistencyProof);
