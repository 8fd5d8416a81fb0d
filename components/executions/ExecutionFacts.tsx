import Link from 'next/link';

export interface Fact {
  label: string;
  value: string | null;
  /** A console link for the value (e.g. a search by it). */
  href?: string | null;
  mono?: boolean;
}

/** Every scalar field of an execution; empty ones shown as a dash so nothing looks missing by accident. */
export function ExecutionFacts({ facts }: { facts: Fact[] }) {
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-5" aria-label="Fields">
      <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="execution-facts">
        {facts.map((fact) => (
          <div key={fact.label} className="min-w-0">
            <dt className="text-xs uppercase tracking-wide text-slate-500">{fact.label}</dt>
            <dd className={`break-all text-sm ${fact.mono ? 'font-mono text-xs' : ''}`}>
              {fact.value === null ? <span className="text-slate-400">—</span>
                : fact.href ? <Link href={fact.href} className="text-sky-700 hover:underline">{fact.value}</Link> : fact.value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export interface InvestigateLink {
  label: string;
  href: string;
  hint: string;
  testId: string;
}

/** Where to go from one execution: its session, the same user around it, the tool or prompt version. */
export function InvestigateLinks({ links }: { links: InvestigateLink[] }) {
  if (links.length === 0) return null;
  return (
    <nav aria-label="Investigate" className="rounded-xl border border-slate-200 bg-white p-5">
      <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Investigate</h2>
      <ul className="mt-2 space-y-1.5 text-sm">
        {links.map((link) => (
          <li key={link.testId}>
            <Link href={link.href} data-testid={link.testId} className="font-medium text-sky-700 hover:underline">{link.label}</Link>
            <span className="text-slate-500"> — {link.hint}</span>
          </li>
        ))}
      </ul>
    </nav>
  );
}
