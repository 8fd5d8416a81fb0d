import type { LedgerLog } from '../environment';
import { pool } from '../db/pool';
import { noteKeyId, verifierKey } from './signedNote';
import { loadSigningKey, type SigningKey } from './signingKey';

/** The signer name in signed notes; each log's origin is `<name>/<log>` (staging, production, console). */
export function ledgerKeyName(): string {
  return process.env.WARDEN_LOG_ORIGIN || 'warden.local';
}

export function logOrigin(environment: LedgerLog): string {
  return `${ledgerKeyName()}/${environment}`;
}

export interface LedgerSigner extends SigningKey {
  name: string;
  keyId: string;
  verifierKey: string;
}

let registered: Promise<LedgerSigner> | undefined;

/**
 * The signing key, registered in `ledger_keys` (public half only) on first use. A key not seen
 * before closes the previous key's validity period: rotation keeps old checkpoints verifiable. A key
 * seen before whose period was closed (rotated back to) has it opened again, the current one closed.
 */
export function ledgerSigner(): Promise<LedgerSigner> {
  registered ??= (async () => {
    const key = loadSigningKey();
    const name = ledgerKeyName();
    const signer = { ...key, name, keyId: noteKeyId(name, key.publicKeyBytes).toString('hex'), verifierKey: verifierKey(name, key.publicKeyBytes) };
    const client = await pool().connect();
    try {
      await client.query('BEGIN');
      await client.query('LOCK TABLE ledger_keys IN EXCLUSIVE MODE');
      const { rows } = await client.query<{ valid_until: Date | null }>('SELECT valid_until FROM ledger_keys WHERE public_key = $1', [key.publicKeyBytes]);
      if (rows.length === 0) {
        await client.query('UPDATE ledger_keys SET valid_until = now() WHERE valid_until IS NULL');
        await client.query('INSERT INTO ledger_keys (public_key, name, key_id, verifier_key) VALUES ($1, $2, $3, $4)',
          [key.publicKeyBytes, name, signer.keyId, signer.verifierKey]);
      } else if (rows[0]!.valid_until !== null) {
        // Rotated back to a key used before: it signs again from now on, so its period is open again (one period
        // per key: it reads valid through the other key's time too, which never rejects a checkpoint it signed).
        await client.query('UPDATE ledger_keys SET valid_until = now() WHERE valid_until IS NULL AND public_key <> $1', [key.publicKeyBytes]);
        await client.query('UPDATE ledger_keys SET valid_until = NULL WHERE public_key = $1', [key.publicKeyBytes]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      registered = undefined;
      throw error;
    } finally {
      client.release();
    }
    return signer;
  })();
  return registered;
}

/** Resets the cached signer (tests rotate keys within one process). */
export function forgetLedgerSigner(): void {
  registered = undefined;
}
