import { withRoleOrToken } from '@/lib/auth/server';
import { getEntries } from '@/lib/ledger/ledgerApi';

export const GET = withRoleOrToken('analyst', 'ledger:read', getEntries);
