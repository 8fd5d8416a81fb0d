/** The fixed list of token scopes (README "Tokens"). */
export const SCOPES = [
  'ingest:write', 'executions:read', 'ledger:read', 'prompts:read', 'prompts:write', 'registry:read', 'registry:write', 'tests:run',
] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** What each scope lets a token do (tokens page, README). */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'ingest:write': 'send execution records (ingest, OTLP) into its environment',
  'executions:read': "search, read and export its environment's executions",
  'ledger:read': "read its environment's checkpoints, proofs, entries and the ledger keys",
  'prompts:read': 'read prompts and their versions',
  'prompts:write': 'create prompt versions and move staging labels',
  'registry:read': 'read tools, model configs and releases',
  'registry:write': 'register tool versions, model configs and releases',
  'tests:run': 'start test suite runs against staging',
};
