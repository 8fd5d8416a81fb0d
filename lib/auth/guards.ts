import { forbidden, redirect } from 'next/navigation';
import { currentUser, type CurrentUser } from './currentUser';
import { hasRole, type Role } from './roles';

/**
 * The guard every page and server action calls first. Signed out (or session ended) → /login;
 * signed in without the role → the 403 page.
 */
export async function requireRole(required: Role): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect('/login?reason=signed-out');
  if (!hasRole(user.role, required)) forbidden();
  return user;
}

type RouteHandler<Context> = (request: Request, context: Context & { user: CurrentUser }) => Promise<Response>;

/** The guard every route handler is wrapped in: 401 JSON when signed out, 403 JSON without the role. */
export function withRole<Context>(required: Role, handler: RouteHandler<Context>) {
  return async (request: Request, context: Context): Promise<Response> => {
    const user = await currentUser();
    if (!user) return Response.json({ error: 'unauthenticated', message: 'Sign in first.' }, { status: 401 });
    if (!hasRole(user.role, required)) {
      return Response.json({ error: 'forbidden', message: `This needs the ${required} role.` }, { status: 403 });
    }
    return handler(request, { ...context, user });
  };
}
