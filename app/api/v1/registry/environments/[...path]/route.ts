import { withRole } from '@/lib/auth/server';
import { sessionOnly, sessionOnlyForTokens } from '@/lib/registry/registryApi';

// Rollbacks (release or model) are an emergency path in the console, never an API call.
// A token is refused before the session guard, so it never reads as "sign in" but as "never with a token".
export const POST = sessionOnlyForTokens(withRole<{ params: Promise<{ path: string[] }> }>('lead', sessionOnly));
