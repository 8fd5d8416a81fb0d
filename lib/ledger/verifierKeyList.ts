import { parseVerifierKey } from './signedNote';

/**
 * The verifier keys a user hands `warden verify --pubkey`: one key, a file of keys one per line (blank lines
 * and lines starting with `#` skipped; anything after the key on its line, such as validity dates, ignored),
 * or `/api/v1/ledger/keys`'s JSON saved to a file. A log whose key was rotated has checkpoints under every key
 * it ever had, so offline verification needs them all. Each key's form is checked here, so a typo is named as
 * such instead of surfacing as a checkpoint that does not verify.
 */
export function parseVerifierKeyList(text: string, source: string): string[] {
  const trimmed = text.trim();
  const keys = trimmed.startsWith('{') || trimmed.startsWith('[') ? keysFromJson(trimmed, source) : keysFromLines(trimmed);
  if (keys.length === 0) throw new Error(`${source} holds no verifier key`);
  for (const key of keys) {
    try {
      parseVerifierKey(key);
    } catch (error) {
      throw new Error(`${source}: "${key.length > 60 ? `${key.slice(0, 60)}…` : key}" is not a verifier key (${(error as Error).message})`);
    }
  }
  return [...new Set(keys)];
}

function keysFromLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#')).map((line) => line.split(/\s+/)[0]!);
}

function keysFromJson(text: string, source: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new Error(`${source}: expected {"keys": [...]} as /api/v1/ledger/keys answers, or a list of keys`);
  return list.map((item, index) => {
    const key = typeof item === 'string' ? item : (item as { verifier_key?: unknown } | null)?.verifier_key;
    if (typeof key !== 'string') throw new Error(`${source}: key ${index + 1} has no verifier_key`);
    return key.trim();
  });
}
