import { withRoleOrToken } from '@/lib/auth/server';
import { showActiveRelease } from '@/lib/registry/registryApi';

// What an environment runs now, with an ETag: MCP servers and gateways poll it with If-None-Match.
export const GET = withRoleOrToken('analyst', 'registry:read', showActiveRelease);
