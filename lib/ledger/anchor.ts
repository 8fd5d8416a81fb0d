import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StoredCheckpoint } from './checkpoints';

/**
 * Copies a new checkpoint out of the database: one file per checkpoint in WARDEN_ANCHOR_DIR (point
 * it at write-once storage) and a POST to WARDEN_ANCHOR_WEBHOOK. Failures are reported, never fatal:
 * the checkpoint itself is already committed.
 */
export async function anchorCheckpoint(checkpoint: StoredCheckpoint, env: Record<string, string | undefined> = process.env): Promise<void> {
  const name = `${checkpoint.environment}-${String(checkpoint.size).padStart(12, '0')}.note`;
  if (env.WARDEN_ANCHOR_DIR) {
    try {
      mkdirSync(env.WARDEN_ANCHOR_DIR, { recursive: true });
      writeFileSync(path.join(env.WARDEN_ANCHOR_DIR, name), checkpoint.signedNote, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') console.error(`Anchoring ${name} to ${env.WARDEN_ANCHOR_DIR} failed: ${(error as Error).message}`);
    }
  }
  if (env.WARDEN_ANCHOR_WEBHOOK) {
    await fetch(env.WARDEN_ANCHOR_WEBHOOK, {
      method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Warden-Checkpoint': name }, body: checkpoint.signedNote, signal: AbortSignal.timeout(5_000),
    }).then((response) => {
      if (!response.ok) console.error(`Anchor webhook answered ${response.status} for ${name}`);
    }, (error: Error) => console.error(`Anchor webhook failed for ${name}: ${error.message}`));
  }
}
