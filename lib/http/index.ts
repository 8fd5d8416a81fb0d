export { contentSecurityPolicy } from './contentSecurityPolicy';
export { forbiddenPageHtml } from './forbiddenPage';
export { isPublicPath } from './publicPaths';
export { safeCallbackPath } from './safeCallbackPath';
export { requestOrigin } from './requestOrigin';
export { waitForHealth } from './waitForHealth';
