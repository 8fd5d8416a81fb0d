import { open, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Spill paths a sink of this process holds: a second sink here must not take the same file either. */
const heldHere = new Set<string>();
let ownCount = 0;

export interface SpillPathClaim {
  /** The file this sink spills to, alone. */
  path: string;
  /** Who held `wanted` when this sink had to take a file of its own. */
  heldBy?: number;
  /** Spill files of processes that are gone, to be replayed by this sink (then removed). */
  orphans: string[];
  release(): Promise<void>;
}

const lockOf = (file: string) => `${file}.lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // someone else's process, but there
  }
}

async function lockHolder(file: string): Promise<number | undefined> {
  const text = await readFile(lockOf(file), 'utf8').catch(() => undefined);
  const pid = Number(text?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Whether `pid` (from a lock file) still runs, and not as this process in an earlier life (a restarted container's pid 1). */
const holds = (pid: number | undefined, file: string) => pid !== undefined && alive(pid) && (pid !== process.pid || heldHere.has(file));

async function tryLock(file: string): Promise<boolean> {
  if (heldHere.has(file)) return false;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockOf(file), 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`).finally(() => handle.close());
      heldHere.add(file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (holds(await lockHolder(file), file)) return false;
      await unlink(lockOf(file)).catch(() => {}); // its process is gone: the lock is stale
    }
  }
  return false;
}

/**
 * Claims `wanted` for one sink, with a lock file beside it (`<path>.lock`, the holder's pid): two sinks
 * appending to and emptying one file lose each other's records. A sink that finds it held spills to
 * `<path>.<pid>-<n>` instead, and whichever sink next claims `wanted` replays such files once their
 * process is gone, so a spill outlives its process either way.
 */
export async function claimSpillPath(wanted: string): Promise<SpillPathClaim> {
  let own = wanted;
  let heldBy: number | undefined;
  if (!(await tryLock(wanted))) {
    heldBy = heldHere.has(wanted) ? process.pid : await lockHolder(wanted);
    do own = `${wanted}.${process.pid}-${++ownCount}`;
    while (!(await tryLock(own)));
  }
  const orphans = own === wanted ? await orphansOf(wanted) : [];
  return {
    path: own,
    heldBy,
    orphans,
    release: async () => {
      heldHere.delete(own);
      await unlink(lockOf(own)).catch(() => {});
    },
  };
}

/** `<wanted>.<pid>-<n>` files whose process is gone (their lock missing or stale). */
async function orphansOf(wanted: string): Promise<string[]> {
  const base = path.basename(wanted);
  const own = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d+-\\d+$`);
  const names = await readdir(path.dirname(wanted)).catch(() => [] as string[]);
  const orphans: string[] = [];
  for (const name of names) {
    if (!own.test(name)) continue;
    const file = path.join(path.dirname(wanted), name);
    if (holds(await lockHolder(file), file)) continue;
    orphans.push(file);
  }
  return orphans.sort();
}
