import { withRole } from '@/lib/auth/server';
import { getVerification, postVerification } from '@/lib/ledger/verificationApi';

// Console-only (a signed-in user): machines verify with `warden verify` or the proof endpoints.
export const GET = withRole('analyst', getVerification);
export const POST = withRole('analyst', postVerification);
