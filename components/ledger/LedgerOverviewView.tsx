import { CodeBlock } from '@/components/ui/CodeBlock';

export interface LedgerOverviewProps {
  environment: string;
  size: number;
  signedNote: string | null;
  verifierKey: string;
  history: Array<{ size: number; rootHash: string; createdAt: string; keyId: string }>;
}

export function LedgerOverviewView({ environment, size, signedNote, verifierKey, history }: LedgerOverviewProps) {
  return (
    <div className="space-y-6" data-testid="ledger-overview">
      <section className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 className="text-lg font-semibold">{environment} log</h2>
        <p className="mt-2 text-slate-700"><span className="text-2xl font-semibold tabular-nums">{size.toLocaleString('en-US')}</span> entries</p>
        {signedNote
          ? <CodeBlock title="Latest signed checkpoint (C2SP tlog-checkpoint in a signed note)" code={signedNote} />
          : <p className="mt-4 text-slate-600">No checkpoint yet: one is signed within 10 seconds of the first entry.</p>}
        <CodeBlock title="Verifier key (signed-note form)" code={verifierKey} />
      </section>
      {history.length > 0 && (
        <section className="rounded-xl border border-slate-200 bg-white p-6">
          <h2 className="text-lg font-semibold">Checkpoint history</h2>
          <table className="mt-3 w-full text-sm">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr><th className="py-1">Size</th><th>Root hash</th><th>Key</th><th>Signed (UTC)</th></tr>
            </thead>
            <tbody>
              {history.map((row) => (
                <tr key={row.size} className="border-t border-slate-100">
                  <td className="py-1 tabular-nums">{row.size}</td>
                  <td className="font-mono text-xs">{row.rootHash}</td>
                  <td className="font-mono text-xs">{row.keyId}</td>
                  <td>{row.createdAt.replace('T', ' ').slice(0, 19)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
