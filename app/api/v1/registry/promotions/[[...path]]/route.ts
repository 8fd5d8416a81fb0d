import { withRole } from '@/lib/auth/server';
import { sessionOnly, sessionOnlyForTokens } from '@/lib/registry/registryApi';

// Requests, approvals, rejections and production deploys happen only in a signed-in browser session
// (server actions on /registry/promotions/…). These paths exist to say so, to tokens and scripts alike.
// A token is refused before the session guard, so it never reads as "sign in" but as "never with a token".
export const POST = sessionOnlyForTokens(withRole<{ params: Promise<{ path?: string[] }> }>('lead', sessionOnly));
