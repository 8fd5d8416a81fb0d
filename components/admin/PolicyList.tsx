import Link from 'next/link';

export interface PolicyListRow {
  agentId: string;
  version: number;
  allowedTools: string[];
  allowedFileRoots: string[];
  allowedEgressHosts: string[];
  maxScopes: string[];
  createdBy: string;
  createdAt: string;
}

const summary = (items: string[]) => (items.length === 0 ? <span className="text-slate-400">none</span> : items.slice(0, 4).join(', ') + (items.length > 4 ? ` +${items.length - 4}` : ''));

export function PolicyList({ policies }: { policies: PolicyListRow[] }) {
  if (policies.length === 0) {
    return <p className="text-sm text-slate-500">No agent has a policy yet: detections hold agents to the default policy until you add one.</p>;
  }
  return (
    <table className="w-full overflow-hidden rounded-xl border border-slate-200 bg-white text-sm" data-testid="policies-table">
      <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-500">
        <tr><th className="px-3 py-2">Agent</th><th className="px-3 py-2">Tools</th><th className="px-3 py-2">File roots</th><th className="px-3 py-2">Egress hosts</th><th className="px-3 py-2">Max scopes</th><th className="px-3 py-2">Last change</th></tr>
      </thead>
      <tbody>
        {policies.map((policy) => (
          <tr key={policy.agentId} className="border-t border-slate-100">
            <td className="px-3 py-2"><Link className="font-medium text-sky-700 hover:underline" href={`/admin/policies/${encodeURIComponent(policy.agentId)}`}>{policy.agentId}</Link> <span className="text-xs text-slate-500">v{policy.version}</span></td>
            <td className="px-3 py-2 text-xs">{summary(policy.allowedTools)}</td>
            <td className="px-3 py-2 text-xs">{summary(policy.allowedFileRoots)}</td>
            <td className="px-3 py-2 text-xs">{summary(policy.allowedEgressHosts)}</td>
            <td className="px-3 py-2 text-xs">{summary(policy.maxScopes)}</td>
            <td className="px-3 py-2 text-xs">{policy.createdAt.replace('T', ' ').slice(0, 16)} UTC<div className="text-slate-500">{policy.createdBy}</div></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
