import type { Environment } from '@/lib/environment';

const STYLE: Record<Environment, string> = {
  production: 'bg-violet-100 text-violet-800',
  staging: 'bg-sky-100 text-sky-800',
};

/** The environment labels pointing at a version (or, in lists, `staging v3`). */
export function LabelBadges({ labels, showVersion = false }: { labels: Partial<Record<Environment, number>>; showVersion?: boolean }) {
  const entries = (Object.entries(labels) as Array<[Environment, number]>).sort(([a], [b]) => (a === 'production' ? -1 : b === 'production' ? 1 : 0));
  if (entries.length === 0) return <span className="text-xs text-slate-400">—</span>;
  return (
    <span className="inline-flex flex-wrap gap-1">
      {entries.map(([environment, version]) => (
        <span key={environment} data-testid={`label-${environment}`} className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STYLE[environment]}`}>
          {environment}{showVersion ? ` v${version}` : ''}
        </span>
      ))}
    </span>
  );
}
