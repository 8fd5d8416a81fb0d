/** The fixed list of token scopes (README "Tokens"). */
export const SCOPES = [
  'ingest:write', 'executions:read', 'ledger:read', 'prompts:read', 'prompts:write', 'registry:read', 'registry:write', 'tests:run',
] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
