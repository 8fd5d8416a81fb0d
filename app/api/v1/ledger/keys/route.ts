import { withRoleOrToken } from '@/lib/auth/server';
import { listLedgerKeys } from '@/lib/ledger';

// Verifier keys in signed-note form with validity periods: old checkpoints stay verifiable after rotation.
export const GET = withRoleOrToken('analyst', 'ledger:read', async () => Response.json({ keys: await listLedgerKeys() }));
