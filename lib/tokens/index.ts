export { authenticateToken, type TokenCheck, type TokenPrincipal } from './authenticateToken';
export { createToken, TokenInputError, type CreatedToken, type CreateTokenInput } from './createToken';
export { SCOPES, isScope, type Scope } from './scopes';
export { generateTokenSecret, hashTokenSecret, parseTokenSecret } from './tokenFormat';
