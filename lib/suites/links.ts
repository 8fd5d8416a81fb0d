/** Console paths the suites feature links to. */
export const executionLink = (environment: 'staging' | 'production', seq: bigint | number) => `/executions/${environment}/${seq}`;
export const runLink = (runId: string) => `/suites/runs/${runId}`;
