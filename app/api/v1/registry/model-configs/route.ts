import { withRoleOrToken } from '@/lib/auth/server';
import { pushModelConfig } from '@/lib/registry/registryApi';

export const POST = withRoleOrToken('lead', 'registry:write', pushModelConfig);
