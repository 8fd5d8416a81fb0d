import { z } from 'zod';
import { withRole } from '@/lib/auth/server';
import { ENVIRONMENT_COOKIE, ENVIRONMENTS } from '@/lib/environment';
import { safeCallbackPath } from '@/lib/http';

const choiceSchema = z.object({ environment: z.enum(ENVIRONMENTS), returnTo: z.string().max(2048).optional() });

/** Switches the environment the console shows (a form post from the top bar), then goes back. */
export const POST = withRole('analyst', async (request) => {
  const parsed = choiceSchema.safeParse(Object.fromEntries(await request.formData().catch(() => new FormData())));
  if (!parsed.success) {
    return Response.json({ error: 'invalid_request', fields: z.flattenError(parsed.error).fieldErrors }, { status: 400 });
  }
  const location = safeCallbackPath(parsed.data.returnTo);
  const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
  return new Response(null, {
    status: 303,
    headers: {
      Location: location,
      'Set-Cookie': `${ENVIRONMENT_COOKIE}=${parsed.data.environment}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax${secure}`,
    },
  });
});
