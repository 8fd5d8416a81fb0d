import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { wardenHome } from './wardenHome';

/**
 * A secret generated once and kept in `.warden/<name>` with 0600 permissions, so restarts keep
 * sessions and credentials valid. The `wx` flag makes two processes racing here agree on one value.
 */
export function localSecret(name: string, bytes = 32): string {
  const file = path.join(wardenHome(), name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const value = randomBytes(bytes).toString('base64url');
  try {
    writeFileSync(file, value + '\n', { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
    return value;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
}
