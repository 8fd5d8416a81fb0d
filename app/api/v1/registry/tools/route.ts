import { withRoleOrToken } from '@/lib/auth/server';
import { listToolsApi, pushTools } from '@/lib/registry/registryApi';

export const GET = withRoleOrToken('analyst', 'registry:read', listToolsApi);
// `warden tool push` (CI, staging registry:write token): a wrong semver step answers 422 with the reason.
export const POST = withRoleOrToken('lead', 'registry:write', pushTools);
