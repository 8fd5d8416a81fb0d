'use client';

import type { Environment } from '@/lib/environment';

const ENVIRONMENT_OPTIONS: Environment[] = ['staging', 'production'];

/** Posts the choice to /api/environment, which stores it in a cookie and sends the user back here. */
export function EnvironmentSwitcher({ current }: { current: Environment }) {
  return (
    <form method="post" action="/api/environment" className="flex items-center gap-2"
      onSubmit={(event) => {
        const returnTo = event.currentTarget.elements.namedItem('returnTo') as HTMLInputElement;
        returnTo.value = window.location.pathname + window.location.search;
      }}>
      <label htmlFor="environment" className="text-xs uppercase tracking-wide text-slate-400">Environment</label>
      <select id="environment" name="environment" defaultValue={current} data-testid="environment-switcher"
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
        className={`rounded-md border px-2 py-1 text-sm font-semibold ${current === 'production' ? 'border-rose-400 bg-rose-50 text-rose-700' : 'border-amber-300 bg-amber-50 text-amber-800'}`}>
        {ENVIRONMENT_OPTIONS.map((environment) => (
          <option key={environment} value={environment}>{environment}</option>
        ))}
      </select>
      <input type="hidden" name="returnTo" defaultValue="/executions" />
      <noscript><button type="submit" className="text-sm underline">Switch</button></noscript>
    </form>
  );
}
