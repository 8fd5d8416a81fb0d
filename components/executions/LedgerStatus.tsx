export type InclusionView =
  | { status: 'included'; checkpointSize: number; checkpointAt: string; rootHash: string; proofLength: number; signedBy: string[] }
  | { status: 'pending'; checkpointSize: number | null }
  | { status: 'failed'; checkpointSize: number | null; reason: string };

export interface LedgerStatusProps {
  environment: string;
  seq: number;
  leafHash: string;
  chainHash: string;
  rawSha256: string;
  inclusion: InclusionView;
}

function Verdict({ inclusion }: { inclusion: InclusionView }) {
  if (inclusion.status === 'included') {
    return (
      <p className="font-medium text-emerald-800" data-testid="inclusion">
        Included in checkpoint {inclusion.checkpointSize.toLocaleString('en-US')} ✓
        <span className="block text-xs font-normal text-slate-600">
          Leaf recomputed from the stored record; inclusion proof of {inclusion.proofLength} hashes verified against the root signed by {inclusion.signedBy.join(', ')} at {inclusion.checkpointAt.replace('T', ' ').slice(0, 19)} UTC.
        </span>
      </p>
    );
  }
  if (inclusion.status === 'pending') {
    return (
      <p className="font-medium text-slate-700" data-testid="inclusion">
        Not yet in a checkpoint
        <span className="block text-xs font-normal text-slate-600">
          {inclusion.checkpointSize === null ? 'No checkpoint signed yet.' : `The latest checkpoint covers ${inclusion.checkpointSize.toLocaleString('en-US')} entries.`} The server signs one within about 10 seconds of new entries; reload to check.
        </span>
      </p>
    );
  }
  return (
    <p className="font-medium text-rose-700" data-testid="inclusion" role="alert">
      ✗ Not proven{inclusion.checkpointSize !== null ? ` against checkpoint ${inclusion.checkpointSize.toLocaleString('en-US')}` : ''}: {inclusion.reason}
    </p>
  );
}

/** The execution's place in its environment's tamper-evident log, and whether a signed checkpoint proves it. */
export function LedgerStatus({ environment, seq, leafHash, chainHash, rawSha256, inclusion }: LedgerStatusProps) {
  const hashes: Array<[string, string]> = [['Leaf hash', leafHash], ['Chain hash', chainHash], ['SHA-256 of the bytes received', rawSha256]];
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-5" aria-label="Ledger" data-testid="ledger-status">
      <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Ledger</h2>
      <p className="mt-2 text-sm">Entry <span className="font-semibold tabular-nums" data-testid="ledger-seq">{seq}</span> of the {environment} log</p>
      <div className="mt-2 text-sm"><Verdict inclusion={inclusion} /></div>
      <dl className="mt-3 space-y-1.5">
        {hashes.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
            <dd className="break-all font-mono text-xs">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-xs text-slate-500">
        Check it yourself: <code className="break-all">GET /api/v1/ledger/{environment}/proof/inclusion?seq={seq}&amp;size={inclusion.checkpointSize ?? 'N'}</code>
      </p>
    </section>
  );
}
