export { contentSecurityPolicy } from './contentSecurityPolicy';
export { isPublicPath } from './publicPaths';
export { safeCallbackPath } from './safeCallbackPath';
export { requestOrigin } from './requestOrigin';
export { waitForHealth } from './waitForHealth';
