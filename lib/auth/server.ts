// Next.js-bound face of lib/auth: next-auth configuration and the guards every route calls.
export { authOptions, authOptionsFor, SESSION_MAX_AGE_SECONDS } from './authOptions';
export { clientAddress } from './clientAddress';
export { currentUser, type CurrentUser } from './currentUser';
export { requireRole, withRole, withRoleOrToken, type Principal } from './guards';
