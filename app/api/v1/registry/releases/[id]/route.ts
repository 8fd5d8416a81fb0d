import { withRoleOrToken } from '@/lib/auth/server';
import { showRelease } from '@/lib/registry/registryApi';

export const GET = withRoleOrToken('analyst', 'registry:read', showRelease);
