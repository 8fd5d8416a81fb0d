import { forbidden, redirect } from 'next/navigation';
import { currentUser, type CurrentUser } from './currentUser';
import { authenticateToken, refusalResponse, type Scope, type TokenPrincipal } from '../tokens';
import { clientAddress } from './clientAddress';
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

export type Principal = { kind: 'user'; user: CurrentUser } | { kind: 'token'; token: TokenPrincipal };

type PrincipalHandler<Context> = (request: Request, context: Context & { principal: Principal }) => Promise<Response>;

/**
 * For APIs machines and people both read: a bearer token with `scope`, or a signed-in user with
 * `required`. A request that sends a token is judged on the token alone.
 */
export function withRoleOrToken<Context>(required: Role, scope: Scope, handler: PrincipalHandler<Context>) {
  return async (request: Request, context: Context): Promise<Response> => {
    if (request.headers.get('authorization')) {
      const check = await authenticateToken(request.headers.get('authorization'), scope, clientAddress(request.headers));
      if (!check.ok) return refusalResponse(check);
      return handler(request, { ...context, principal: { kind: 'token', token: check.token } });
    }
    const user = await currentUser();
    if (!user) return Response.json({ error: 'unauthenticated', message: `Sign in or send a token with the ${scope} scope.` }, { status: 401 });
    if (!hasRole(user.role, required)) return Response.json({ error: 'forbidden', message: `This needs the ${required} role.` }, { status: 403 });
    return handler(request, { ...context, principal: { kind: 'user', user } });
  };
}
