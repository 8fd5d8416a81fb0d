import { withRoleOrToken } from '@/lib/auth/server';
import { getInclusionProof } from '@/lib/ledger/ledgerApi';

export const GET = withRoleOrToken('analyst', 'ledger:read', getInclusionProof);
