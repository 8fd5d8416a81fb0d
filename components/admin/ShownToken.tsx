'use client';

import type { ShownToken as ShownTokenData } from '@/lib/admin/tokenCommands';
import { CopyButton } from '../ui/CopyButton';

function Snippet({ title, code, testId }: { title: string; code: string; testId: string }) {
  return (
    <figure>
      <figcaption className="flex items-center justify-between text-xs font-semibold uppercase tracking-wide text-slate-500">
        {title}<CopyButton text={code} testId={`copy-${testId}`} />
      </figcaption>
      <pre data-testid={`snippet-${testId}`} className="mt-1 overflow-x-auto rounded-lg bg-slate-900 p-3 font-mono text-xs text-slate-100">{code}</pre>
    </figure>
  );
}

/** The new secret, once: with a copy button and, for ingest tokens, shipper configuration with it written in. */
export function ShownToken({ token, heading }: { token: ShownTokenData; heading: string }) {
  return (
    <section role="status" data-testid="shown-token" className="space-y-3 rounded-xl border border-amber-300 bg-amber-50 p-4">
      <h3 className="font-semibold">{heading}</h3>
      <p className="text-sm text-amber-900">Copy it now: Warden stores only its SHA-256 and will not show it again. Keep it in your shipper&apos;s secret store rather than in a config file where you can.</p>
      <div className="flex items-center gap-2">
        <code data-testid="token-secret" className="break-all rounded bg-white px-2 py-1 font-mono text-sm">{token.token}</code>
        <CopyButton text={token.token} testId="copy-token" />
      </div>
      {token.snippets && (
        <div className="grid gap-3 lg:grid-cols-2">
          <Snippet title="Vector (http sink)" code={token.snippets.vector} testId="vector" />
          <Snippet title="Fluent Bit (http output)" code={token.snippets.fluentBit} testId="fluent-bit" />
          <div className="lg:col-span-2"><Snippet title="Check it with curl" code={token.snippets.curl} testId="curl" /></div>
        </div>
      )}
    </section>
  );
}
