import { CLI_ACTOR } from '../../lib/audit';
import { isEnvironment } from '../../lib/environment';
import { findTokenIdByReference, listTokens, revokeToken, rotateToken, type TokenListItem } from '../../lib/tokens';
import { parseOptions, UsageError } from './args';
import { withDatabase } from './withDatabase';

export const TOKEN_ADMIN_USAGE = `  warden token list [--env staging|production] [--live] [--json]
  warden token revoke PREFIX|ID
  warden token rotate PREFIX|ID [--grace 24h] [--expires 90d]   new token; the old one works for the grace period`;

const minute = (date: Date | null) => (date ? date.toISOString().slice(0, 16).replace('T', ' ') : '—');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

/** One positional argument (the token), then options. */
function splitReference(args: string[], usage: string): { reference: string; rest: string[] } {
  const [reference, ...rest] = args;
  if (!reference || reference.startsWith('-')) throw new UsageError(`name the token: ${usage}`);
  return { reference, rest };
}

function hoursOption(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const match = /^(\d+(?:\.\d+)?)(h|d)?$/.exec(String(value));
  if (!match) throw new UsageError(`--grace must look like 24h, 2d or 0 (got "${value}")`);
  return Number(match[1]) * (match[2] === 'd' ? 24 : 1);
}

function daysOption(value: unknown): number {
  if (value === undefined) return 90;
  if (value === 'never') return 0;
  const match = /^(\d+)d$/.exec(String(value));
  if (!match) throw new UsageError(`--expires must look like 30d or be "never" (got "${value}")`);
  return Number(match[1]);
}

/** `warden token list`: what the console's Tokens page shows, never a secret. */
export async function tokenListCommand(args: string[]): Promise<number> {
  const values = parseOptions(args, { env: { type: 'string' }, live: { type: 'boolean' }, json: { type: 'boolean' } });
  if (values.env !== undefined && !isEnvironment(values.env)) throw new UsageError(`--env must be staging or production (got "${values.env}")`);
  const tokens = (await withDatabase(listTokens)).filter((token: TokenListItem) =>
    (values.env === undefined || token.environment === values.env) && (!values.live || token.status === 'active' || token.status === 'grace'));
  if (values.json) {
    console.log(JSON.stringify(tokens, null, 2));
    return 0;
  }
  if (tokens.length === 0) {
    console.log('No tokens. Create one: warden token create --name NAME --env staging --scopes ingest:write');
    return 0;
  }
  console.log(table([
    ['PREFIX', 'NAME', 'ENV', 'SCOPES', 'STATUS', 'CREATED BY', 'CREATED', 'LAST USED', 'EXPIRES'],
    ...tokens.map((token) => [
      `${token.prefix}…`, token.name, token.environment, token.scopes.join(','), token.status, token.createdBy ?? '—', minute(token.createdAt),
      token.lastUsedAt ? `${minute(token.lastUsedAt)} from ${token.lastUsedIp ?? '?'}` : 'never', token.revokedAt ? `revoked ${minute(token.revokedAt)}` : minute(token.expiresAt),
    ]),
  ]));
  return 0;
}

/** `warden token revoke`: at once, no grace; recorded in the console log as `token.revoked` by `cli`. */
export async function tokenRevokeCommand(args: string[]): Promise<number> {
  const { reference, rest } = splitReference(args, 'warden token revoke PREFIX|ID');
  parseOptions(rest, {});
  const result = await withDatabase(async () => revokeToken((await findTokenIdByReference(reference)).id, CLI_ACTOR));
  console.log(result.revoked ? `Revoked ${result.prefix}…: it fails with 401 "revoked" from now on.` : `${result.prefix}… was already revoked; nothing changed.`);
  return 0;
}

/** `warden token rotate`: prints the new secret once; recorded as `token.rotated` by `cli`, naming the new prefix. */
export async function tokenRotateCommand(args: string[]): Promise<number> {
  const { reference, rest } = splitReference(args, 'warden token rotate PREFIX|ID [--grace 24h] [--expires 90d]');
  const values = parseOptions(rest, { grace: { type: 'string' }, expires: { type: 'string' } });
  const graceHours = hoursOption(values.grace, 24);
  const expiresInDays = daysOption(values.expires);
  const rotated = await withDatabase(async () =>
    rotateToken((await findTokenIdByReference(reference)).id, { graceHours, expiresInDays, createdBy: CLI_ACTOR.label }, CLI_ACTOR));
  console.log(`Rotated ${rotated.oldPrefix}…: it keeps working until ${rotated.graceUntil.toISOString()}, then fails with 401 "rotated".`);
  console.log(`New ${rotated.environment} token ${rotated.prefix}… (${rotated.scopes.join(', ')}), ${rotated.expiresAt ? `expires ${rotated.expiresAt.toISOString()}` : 'never expires'}.`);
  console.log('Token (shown once, stored only as a SHA-256 hash):');
  console.log(rotated.token);
  return 0;
}
