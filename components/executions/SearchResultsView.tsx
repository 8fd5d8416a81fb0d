import Link from 'next/link';
import { EmptyState } from '@/components/ui/EmptyState';
import { ResultsTable } from './ResultsTable';
import type { ExecutionRowView } from './executionViews';

export interface SearchResultsProps {
  rows: ExecutionRowView[];
  environment: string;
  estimatedTotal: number | null;
  totalExact: boolean;
  /** Links, already carrying every filter. */
  nextHref: string | null;
  firstHref: string | null;
  exportHref: { jsonl: string; csv: string };
  sortLinks: Array<{ label: string; href: string; active: boolean }>;
}

function totalText(total: number | null, exact: boolean): string {
  if (total === null) return '';
  if (total === 0) return 'No matches';
  return `${exact ? '' : '≈ '}${total.toLocaleString('en-US')} ${total === 1 ? 'match' : 'matches'}`;
}

export function SearchResultsView(props: SearchResultsProps) {
  const { rows, environment, estimatedTotal, totalExact, nextHref, firstHref, exportHref, sortLinks } = props;
  return (
    <section className="space-y-3" data-testid="search-results" aria-label="Search results">
      <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <p>
          <span data-testid="estimated-total" className="font-semibold">{totalText(estimatedTotal, totalExact)}</span>
          <span className="text-slate-500"> in {environment}{firstHref ? ' · a later page' : ''}</span>
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <span className="text-slate-500">Sort:</span>
          {sortLinks.map((link) => (
            <Link key={link.label} href={link.href} aria-current={link.active ? 'true' : undefined}
              className={link.active ? 'font-semibold text-slate-900' : 'text-sky-700 hover:underline'}>{link.label}</Link>
          ))}
          <span className="text-slate-300">|</span>
          <a href={exportHref.jsonl} download data-testid="export-jsonl" className="rounded-md border border-slate-300 bg-white px-2 py-1 hover:bg-slate-50">Export JSONL</a>
          <a href={exportHref.csv} download data-testid="export-csv" className="rounded-md border border-slate-300 bg-white px-2 py-1 hover:bg-slate-50">Export CSV</a>
        </div>
      </div>
      {rows.length > 0
        ? <ResultsTable rows={rows} />
        : <EmptyState title="No executions match" steps={[
          'Widen the time range or clear a filter (each one must match).',
          <>Text terms match prompts, arguments, outputs and errors anywhere (three letters or more), shorter ones at the start of a word; quote a phrase: <code>&quot;rm -rf&quot;</code>.</>,
          'Check the environment: staging and production are separate logs.',
        ]} />}
      <nav aria-label="Pages" className="flex items-center justify-between text-sm">
        {firstHref ? <Link href={firstHref} className="text-sky-700 hover:underline">← First page</Link> : <span />}
        {nextHref && <Link href={nextHref} data-testid="next-page" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50">Next page →</Link>}
      </nav>
      <p className="text-xs text-slate-500">
        The JSONL export carries the signed checkpoint of the log&apos;s size and an inclusion proof for every entry:
        {' '}<code>warden verify --export file.jsonl --pubkey …</code> checks it offline with the verifier key (Ledger page).
      </p>
    </section>
  );
}
