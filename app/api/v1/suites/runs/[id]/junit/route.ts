import { withRoleOrToken } from '@/lib/auth/server';
import { junitResponse } from '@/lib/suites/junitResponse';

// JUnit XML of one run, for CI (a staging token with tests:run) and the console's download link.
export const GET = withRoleOrToken('analyst', 'tests:run', junitResponse);
