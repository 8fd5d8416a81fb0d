// Framework-free face of lib/auth (usable from the CLI and tests). Next.js-bound pieces —
// next-auth options, the page and route guards — are in ./server.
export { authSecret } from './authSecret';
export { authenticate, type AuthenticatedUser } from './authenticate';
export { generatePassword, hashPassword, verifyPassword, passwordProblem } from './password';
export { ROLES, ROLE_DESCRIPTIONS, hasRole, isRole, type Role } from './roles';
export { SIGN_IN_LIMITS } from './signInThrottle';
export { createUser, resetPassword, setUserActive, setUserRole, ensureFirstAdmin, listUsers, normaliseEmail, UserInputError } from './users';
