import { withRoleOrToken } from '@/lib/auth/server';
import { createPromptResponse, listPromptsResponse } from '@/lib/prompts/promptsApi';

export const GET = withRoleOrToken('analyst', 'prompts:read', listPromptsResponse);
// Leads, or staging tokens with prompts:write (production tokens are refused inside).
export const POST = withRoleOrToken('lead', 'prompts:write', createPromptResponse);
