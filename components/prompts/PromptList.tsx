import Link from 'next/link';
import { LabelBadges } from './LabelBadges';

export interface PromptListRow {
  name: string;
  description: string;
  owner: string;
  latestVersion: number | null;
  latestAt: string | null;
  labels: { staging?: number; production?: number };
}

const when = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');

export function PromptList({ prompts }: { prompts: PromptListRow[] }) {
  return (
    <table className="w-full overflow-hidden rounded-xl border border-slate-200 bg-white text-sm" data-testid="prompt-list">
      <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-500">
        <tr><th className="px-4 py-2">Prompt</th><th className="px-4 py-2">Owner</th><th className="px-4 py-2 text-right">Versions</th>
          <th className="px-4 py-2">Labels</th><th className="px-4 py-2">Last version (UTC)</th></tr>
      </thead>
      <tbody>
        {prompts.map((prompt) => (
          <tr key={prompt.name} className="border-t border-slate-100">
            <td className="px-4 py-2">
              <Link href={`/prompts/${encodeURIComponent(prompt.name)}`} className="font-medium text-sky-700 hover:underline">{prompt.name}</Link>
              {prompt.description && <p className="text-xs text-slate-500">{prompt.description}</p>}
            </td>
            <td className="px-4 py-2">{prompt.owner || '—'}</td>
            <td className="px-4 py-2 text-right tabular-nums">{prompt.latestVersion ?? 0}</td>
            <td className="px-4 py-2"><LabelBadges labels={prompt.labels} showVersion /></td>
            <td className="px-4 py-2 tabular-nums">{when(prompt.latestAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
