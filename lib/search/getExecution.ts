import { db } from '../db/client';
import type { Execution } from '../db/generated/client';
import type { Environment } from '../environment';

/**
 * Every stored field of one execution, with its place in the ledger: `seq` (proofs are asked for
 * by seq), `leafHash` / `chainHash` in base64 as the ledger API gives them, `rawSha256` in hex as
 * the ledger document has it. Secrets in prompt, arguments or output are not masked here.
 */
export type ExecutionDetail = Omit<Execution, 'seq' | 'rawSha256' | 'leafHash' | 'chainHash'> & {
  seq: number;
  rawSha256: string;
  leafHash: string;
  chainHash: string;
};

/** The execution at `seq` in an environment's log; null when that seq is a quarantined line or not stored. */
export async function getExecution(environment: Environment, seq: number): Promise<ExecutionDetail | null> {
  if (!Number.isSafeInteger(seq) || seq < 0) return null;
  const row = await db().execution.findFirst({ where: { environment, seq: BigInt(seq) } });
  if (!row) return null;
  return {
    ...row,
    seq: Number(row.seq),
    rawSha256: Buffer.from(row.rawSha256).toString('hex'),
    leafHash: Buffer.from(row.leafHash).toString('base64'),
    chainHash: Buffer.from(row.chainHash).toString('base64'),
  };
}
