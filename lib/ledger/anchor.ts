import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StoredCheckpoint } from './checkpoints';

type Env = Record<string, string | undefined>;

/** Anchors that failed (storage or webhook away), tried again with the next checkpoint; at most this many wait. */
const MAX_WAITING = 1_000;
const waiting = new Map<string, { checkpoint: StoredCheckpoint; toDir: boolean; toWebhook: boolean }>();

export const anchorFileName = (checkpoint: Pick<StoredCheckpoint, 'environment' | 'size'>): string =>
  `${checkpoint.environment}-${String(checkpoint.size).padStart(12, '0')}.note`;

/**
 * Copies a new checkpoint out of the database: one file per checkpoint in WARDEN_ANCHOR_DIR (point
 * it at write-once storage) and a POST to WARDEN_ANCHOR_WEBHOOK. Failures are reported, never fatal
 * (the checkpoint itself is already committed), and tried again with the next checkpoint, oldest first.
 * A file already there with another checkpoint for the same size is the fork anchors exist to catch:
 * it is reported as such, and kept.
 */
export async function anchorCheckpoint(checkpoint: StoredCheckpoint, env: Env = process.env): Promise<void> {
  const retries = [...waiting.values()];
  waiting.clear();
  for (const earlier of retries) await anchorTo(earlier.checkpoint, env, earlier.toDir, earlier.toWebhook);
  await anchorTo(checkpoint, env, true, true);
}

/** Anchors still to be tried again (tests, and the Ledger page's health). */
export function waitingAnchors(): string[] {
  return [...waiting.keys()];
}

async function anchorTo(checkpoint: StoredCheckpoint, env: Env, toDir: boolean, toWebhook: boolean): Promise<void> {
  const name = anchorFileName(checkpoint);
  const dirFailed = toDir && env.WARDEN_ANCHOR_DIR ? !writeAnchorFile(env.WARDEN_ANCHOR_DIR, name, checkpoint.signedNote) : false;
  const webhookFailed = toWebhook && env.WARDEN_ANCHOR_WEBHOOK ? !(await postAnchor(env.WARDEN_ANCHOR_WEBHOOK, name, checkpoint.signedNote)) : false;
  if ((dirFailed || webhookFailed) && waiting.size < MAX_WAITING) waiting.set(name, { checkpoint, toDir: dirFailed, toWebhook: webhookFailed });
}

/** Whether the checkpoint is in the directory now (written, or there already with the same text). */
function writeAnchorFile(dir: string, name: string, note: string): boolean {
  const file = path.join(dir, name);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, note, { flag: 'wx' });
    return true;
  } catch (error) {
    const same = (error as NodeJS.ErrnoException).code === 'EEXIST' ? sameText(file, note) : undefined;
    if (same === true) return true;
    if (same === false) {
      console.error(`ANCHOR MISMATCH: ${file} holds another checkpoint for the same log size than the one just signed. The log was forked or its history rewritten (or the database restored): compare the two notes, and run warden verify.`);
      return true; // kept as it is: the earlier anchor is the evidence; writing again would not help
    }
    console.error(`Anchoring ${name} to ${dir} failed: ${(error as Error).message}; trying again with the next checkpoint`);
    return false;
  }
}

/** The file's text equals `note` (true), differs (false), or the path is no readable file (undefined). */
function sameText(file: string, note: string): boolean | undefined {
  try {
    return readFileSync(file, 'utf8') === note;
  } catch {
    return undefined;
  }
}

async function postAnchor(url: string, name: string, note: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Warden-Checkpoint': name }, body: note, signal: AbortSignal.timeout(5_000),
    });
    if (response.ok) return true;
    console.error(`Anchor webhook answered ${response.status} for ${name}; trying again with the next checkpoint`);
  } catch (error) {
    console.error(`Anchor webhook failed for ${name}: ${(error as Error).message}; trying again with the next checkpoint`);
  }
  return false;
}
