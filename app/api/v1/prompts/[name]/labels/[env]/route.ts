import { withRoleOrToken } from '@/lib/auth/server';
import { moveLabelResponse } from '@/lib/prompts/promptsApi';

// Staging only: the production label moves with a release promotion, never here.
export const PUT = withRoleOrToken('lead', 'prompts:write', moveLabelResponse);
