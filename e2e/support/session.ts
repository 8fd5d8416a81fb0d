import { request, type APIRequestContext } from '@playwright/test';
import { E2E_BASE_URL, type Persona } from './personas';

/** A request context signed in through next-auth's own CSRF + credentials flow. */
export async function signedInContext(persona: Persona): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL: E2E_BASE_URL });
  const { csrfToken } = (await (await context.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await context.post('/api/auth/callback/credentials', {
    form: { csrfToken, email: persona.email, password: persona.password, json: 'true' },
    maxRedirects: 0,
  });
  const state = await context.storageState();
  if (!state.cookies.some((cookie) => cookie.name.endsWith('next-auth.session-token'))) {
    throw new Error(`sign-in as ${persona.email} failed (HTTP ${response.status()})`);
  }
  return context;
}

export function signedOutContext(): Promise<APIRequestContext> {
  return request.newContext({ baseURL: E2E_BASE_URL });
}
