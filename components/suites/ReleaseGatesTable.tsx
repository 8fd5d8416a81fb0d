import Link from 'next/link';
import type { FormAction } from '@/components/cases/formState';
import { OutcomeBadge } from './OutcomeBadge';
import { RunSuitesButton } from './RunSuitesButton';

export interface ReleaseGateItem {
  id: string;
  name: string;
  createdAt: string;
  tools: string[];
  status: 'passed' | 'failed' | 'missing';
  summary: string;
  runId: string | null;
}

/** Releases with their suite gate and, for leads and admins, a Run suites button. */
export function ReleaseGatesTable({ releases, action }: { releases: ReleaseGateItem[]; action: FormAction | null }) {
  if (releases.length === 0) return <p className="text-sm text-slate-600">No releases yet: bundle tool versions into a release in the registry, or run <code>npx warden test demo</code>.</p>;
  return (
    <table className="w-full text-left text-sm" data-testid="release-gates">
      <thead className="text-xs uppercase tracking-wide text-slate-500">
        <tr><th className="py-2">Release</th><th>Tools</th><th>Suite gate</th><th className="text-right">{action ? 'Dry run in staging' : ''}</th></tr>
      </thead>
      <tbody>
        {releases.map((release) => (
          <tr key={release.id} className="border-t border-slate-100 align-top" data-release={release.name}>
            <td className="py-2 pr-3 font-medium">{release.name}<div className="text-xs font-normal text-slate-500">{release.createdAt.slice(0, 16).replace('T', ' ')} UTC</div></td>
            <td className="pr-3 font-mono text-xs">{release.tools.join(', ') || '—'}</td>
            <td className="pr-3">
              <OutcomeBadge outcome={release.status} />
              <p className="mt-1 max-w-md text-xs text-slate-600">{release.summary}</p>
              {release.runId && <Link href={`/suites/runs/${release.runId}`} className="text-xs text-sky-700 hover:underline">Open the run</Link>}
            </td>
            <td className="py-2 text-right">{action ? <RunSuitesButton action={action} releaseId={release.id} releaseName={release.name} /> : null}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
