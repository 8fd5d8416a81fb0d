import { withRoleOrToken } from '@/lib/auth/server';
import { deployReleaseApi } from '@/lib/registry/registryApi';

// Staging only: production is reached through an approved promotion in the console.
export const POST = withRoleOrToken('lead', 'registry:write', deployReleaseApi);
