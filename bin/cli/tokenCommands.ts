import { CLI_ACTOR } from '../../lib/audit';
import { isEnvironment } from '../../lib/environment';
import { createToken } from '../../lib/tokens';
import { parseOptions, requireString, UsageError } from './args';
import { tokenListCommand, tokenRevokeCommand, tokenRotateCommand } from './tokenAdminCommands';
import { withDatabase } from './withDatabase';

const USAGE = 'usage: warden token create --name NAME --env staging|production --scopes ingest:write[,…] [--expires 90d|never]\n'
  + '       warden token list|revoke|rotate … (see warden help)';

function expiryDays(value: unknown): number {
  if (value === undefined) return 90;
  if (value === 'never') return 0;
  const match = /^(\d+)d$/.exec(String(value));
  if (!match) throw new UsageError(`--expires must look like 30d or be "never" (got "${value}")`);
  return Number(match[1]);
}

export async function tokenCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') return tokenListCommand(rest);
  if (sub === 'revoke') return tokenRevokeCommand(rest);
  if (sub === 'rotate') return tokenRotateCommand(rest);
  if (sub !== 'create') throw new UsageError(USAGE);
  const values = parseOptions(rest, { name: { type: 'string' }, env: { type: 'string' }, scopes: { type: 'string' }, expires: { type: 'string' } });
  const environment = requireString(values, 'env');
  if (!isEnvironment(environment)) throw new UsageError(`--env must be staging or production (got "${environment}")`);
  const scopes = requireString(values, 'scopes').split(',').map((scope) => scope.trim()).filter(Boolean);
  const created = await withDatabase(() =>
    createToken({ name: requireString(values, 'name'), environment, scopes, expiresInDays: expiryDays(values.expires), createdBy: 'cli' }, CLI_ACTOR));
  console.log(`Created ${environment} token ${created.prefix}… (${scopes.join(', ')}), ${created.expiresAt ? `expires ${created.expiresAt.toISOString()}` : 'never expires'}.`);
  console.log('Token (shown once, stored only as a SHA-256 hash):');
  console.log(created.token);
  return 0;
}
