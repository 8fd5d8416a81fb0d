import { withRoleOrToken } from '@/lib/auth/server';
import { createReleaseApi } from '@/lib/registry/registryApi';

export const POST = withRoleOrToken('lead', 'registry:write', createReleaseApi);
