import type { TokenListItem } from '@/lib/tokens/listTokens';
import { TokenRowActions, type TokenActions } from './TokenRowActions';

export type TokenRow = Omit<TokenListItem, 'createdAt' | 'expiresAt' | 'lastUsedAt' | 'revokedAt'> & {
  createdAt: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null;
};

const when = (iso: string | null, none: string) => (iso ? iso.replace('T', ' ').slice(0, 16) + ' UTC' : none);

const STATUS_STYLE: Record<TokenRow['status'], string> = {
  active: 'bg-emerald-100 text-emerald-800', grace: 'bg-amber-100 text-amber-800',
  expired: 'bg-slate-200 text-slate-600', revoked: 'bg-rose-100 text-rose-800', rotated: 'bg-slate-200 text-slate-600',
};

export function TokensTable({ tokens, actions }: { tokens: TokenRow[]; actions: TokenActions }) {
  if (tokens.length === 0) return <p className="text-sm text-slate-500">No tokens yet. Create one below, or with <code>npx warden token create</code>.</p>;
  return (
    <table className="w-full overflow-hidden rounded-xl border border-slate-200 bg-white text-sm" data-testid="tokens-table">
      <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="px-3 py-2">Token</th><th className="px-3 py-2">Scopes</th><th className="px-3 py-2">Env</th><th className="px-3 py-2">Created</th>
          <th className="px-3 py-2">Last used</th><th className="px-3 py-2">Expires</th><th className="px-3 py-2">Status</th><th className="px-3 py-2">Actions</th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => (
          <tr key={token.id} className="border-t border-slate-100 align-top" data-testid={`token-${token.prefix}`}>
            <td className="px-3 py-2"><div className="font-medium">{token.name}</div><code className="text-xs text-slate-500">{token.prefix}…</code>
              {token.agentId && <div className="text-xs text-slate-500">agent {token.agentId}</div>}
              {token.allowedCidrs.length > 0 && <div className="text-xs text-slate-500">from {token.allowedCidrs.join(', ')}</div>}</td>
            <td className="px-3 py-2"><div className="flex flex-wrap gap-1">{token.scopes.map((scope) => <code key={scope} className="rounded bg-slate-100 px-1 text-xs">{scope}</code>)}</div></td>
            <td className="px-3 py-2">{token.environment}</td>
            <td className="px-3 py-2 text-xs">{when(token.createdAt, '')}<div className="text-slate-500">{token.createdBy ?? 'unknown'}</div></td>
            <td className="px-3 py-2 text-xs" data-testid="last-used">{when(token.lastUsedAt, 'never')}{token.lastUsedIp && <div className="text-slate-500">from {token.lastUsedIp}</div>}</td>
            <td className="px-3 py-2 text-xs">{when(token.expiresAt, 'never')}</td>
            <td className="px-3 py-2"><span data-testid="token-status" className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[token.status]}`}>{token.status === 'grace' ? 'rotated (grace)' : token.status}</span></td>
            <td className="px-3 py-2"><TokenRowActions id={token.id} prefix={token.prefix} live={token.status === 'active'} actions={actions} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
