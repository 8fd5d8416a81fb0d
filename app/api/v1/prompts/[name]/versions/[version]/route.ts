import { withRoleOrToken } from '@/lib/auth/server';
import { showVersionResponse } from '@/lib/prompts/promptsApi';

// By number, semver tag, `latest` or environment label (what an MCP server fetches at start).
export const GET = withRoleOrToken('analyst', 'prompts:read', showVersionResponse);
