import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** Where Warden keeps local state (embedded database, generated secrets): `WARDEN_HOME` or `./.warden`. */
export function wardenHome(): string {
  const dir = path.resolve(process.env.WARDEN_HOME ?? path.join(/*turbopackIgnore: true*/ process.cwd(), '.warden'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
