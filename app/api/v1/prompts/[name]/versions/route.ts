import { withRoleOrToken } from '@/lib/auth/server';
import { createVersionResponse } from '@/lib/prompts/promptsApi';

// Versions are immutable: this route appends, and no route exports PUT, PATCH or DELETE (Next answers 405).
export const POST = withRoleOrToken('lead', 'prompts:write', createVersionResponse);
