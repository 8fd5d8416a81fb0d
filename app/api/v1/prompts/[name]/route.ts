import { withRoleOrToken } from '@/lib/auth/server';
import { showPromptResponse } from '@/lib/prompts/promptsApi';

export const GET = withRoleOrToken('analyst', 'prompts:read', showPromptResponse);
