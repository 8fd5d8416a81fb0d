import Link from 'next/link';
import type { ReactNode } from 'react';
import { LabelBadges } from './LabelBadges';

export interface VersionRow {
  version: number;
  tag: string | null;
  checksum: string;
  author: string;
  message: string;
  createdAt: string;
  labels: { staging?: number; production?: number };
}

const when = (iso: string) => iso.replace('T', ' ').slice(0, 16);

/** Every version, newest first, with links to view it, diff it with its predecessor and compare it with production. */
export function PromptVersionsTable({ name, versions, selected, production, labelAction }: {
  name: string; versions: VersionRow[]; selected: number; production: number | undefined; labelAction?: (version: number) => ReactNode;
}) {
  const base = `/prompts/${encodeURIComponent(name)}`;
  return (
    <table className="w-full overflow-hidden rounded-xl border border-slate-200 bg-white text-sm" data-testid="version-list">
      <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-500">
        <tr><th className="px-3 py-2">Version</th><th className="px-3 py-2">Labels</th><th className="px-3 py-2">Checksum</th>
          <th className="px-3 py-2">Author · message</th><th className="px-3 py-2">Created (UTC)</th><th className="px-3 py-2">Compare</th></tr>
      </thead>
      <tbody>
        {versions.map((version) => (
          <tr key={version.version} data-testid={`version-row-${version.version}`} className={`border-t border-slate-100 ${version.version === selected ? 'bg-sky-50' : ''}`}>
            <td className="px-3 py-2">
              <Link href={`${base}?version=${version.version}`} className="font-medium text-sky-700 hover:underline">v{version.version}</Link>
              {version.tag && <span className="ml-1 text-xs text-slate-500">{version.tag}</span>}
            </td>
            <td className="px-3 py-2"><LabelBadges labels={version.labels} /></td>
            <td className="px-3 py-2 font-mono text-xs" title={version.checksum}>{version.checksum.slice(0, 12)}</td>
            <td className="px-3 py-2"><span className="text-slate-700">{version.author}</span>{version.message && <p className="text-xs text-slate-500">{version.message}</p>}</td>
            <td className="px-3 py-2 tabular-nums">{when(version.createdAt)}</td>
            <td className="space-x-3 whitespace-nowrap px-3 py-2 text-xs">
              {version.version > 1 && <Link href={`${base}/diff?from=${version.version - 1}&to=${version.version}`} className="text-sky-700 hover:underline">vs v{version.version - 1}</Link>}
              {production !== undefined && production !== version.version && (
                <Link href={`${base}/diff?from=${production}&to=${version.version}`} className="text-sky-700 hover:underline">vs production</Link>
              )}
              {labelAction?.(version.version)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
