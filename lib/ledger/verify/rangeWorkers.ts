import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Environment } from '../../environment';
import type { ExportSpan } from './exportRange';
import type { CheckedSpan } from './verifyEntries';

type Pending = { resolve: (span: CheckedSpan | ExportSpan) => void; reject: (error: Error) => void };
/** A range of a log's rows, or of an export file's bytes. */
export type RangeTask = { environment: Environment; from: number; to: number } | { file: string; start: number; end: number };
type LoadedFrom = 'bundle' | 'sources';
type Reply = { ready: true; loadedFrom: LoadedFrom } | { id: number; span: CheckedSpan | ExportSpan } | { id: number; failure: string };

// Resolved at run time, in a function: a path the bundler can work out becomes a module it tries
// to bundle (and with it tsx and esbuild's binary).
const workerEntry = (): string => path.join(process.cwd(), 'lib', 'ledger', 'verify', 'rangeWorker.mjs');

/** Whether worker threads can be started here (the entry ships with the sources, not in a bundle). */
export const rangeWorkersAvailable = (): boolean => existsSync(workerEntry());

/**
 * Worker threads that each hold a database connection and check ranges of a log (checkRange.ts),
 * so rows are parsed, re-canonicalised and hashed on every core while PostgreSQL produces
 * several ranges at once — or check byte ranges of an export file (exportRange.ts). One set per
 * verification run; close() ends them.
 */
export class RangeWorkers {
  readonly #workers: Array<{ worker: Worker; pending: Map<number, Pending> }>;
  #nextId = 1;
  #turn = 0;
  #starting: number;
  readonly #loadedFrom: LoadedFrom[] = [];

  /** Without a connection string the workers check export ranges only. */
  constructor(count: number, connectionString?: string) {
    const entry = workerEntry();
    this.#starting = count;
    this.#workers = Array.from({ length: count }, () => {
      const worker = startWorker(entry, connectionString);
      const pending = new Map<number, Pending>();
      const failAll = (error: Error) => {
        for (const task of pending.values()) task.reject(error);
        pending.clear();
      };
      worker.on('message', (reply: Reply) => {
        if ('ready' in reply) {
          this.#starting--;
          this.#loadedFrom.push(reply.loadedFrom);
          return;
        }
        const task = pending.get(reply.id);
        pending.delete(reply.id);
        if (!task) return;
        if ('failure' in reply) task.reject(new Error(reply.failure));
        else task.resolve(revive(reply.span));
      });
      worker.on('error', failAll);
      worker.on('exit', () => failAll(new Error('a verification worker exited')));
      return { worker, pending };
    });
  }

  /** How each worker that is ready got its code: the cached bundle, or the sources through tsx (the fallback). */
  get loadedFrom(): readonly LoadedFrom[] {
    return this.#loadedFrom;
  }

  /** Whether every worker has loaded its code (until then a range handed to one waits). */
  get ready(): boolean {
    return this.#starting === 0;
  }

  /** Checks seqs [from, to) on the next worker in turn (ranges are equal in size, so turns balance). */
  check(environment: Environment, from: number, to: number): Promise<CheckedSpan> {
    return this.#ask({ environment, from, to }) as Promise<CheckedSpan>;
  }

  #ask(task: RangeTask): Promise<CheckedSpan | ExportSpan> {
    const chosen = this.#workers[this.#turn++ % this.#workers.length]!;
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      chosen.pending.set(id, { resolve, reject });
      chosen.worker.postMessage({ id, ...task });
    });
  }

  /** Checks the entries of an export whose lines start in bytes [start, end) (exportRange.ts), on the next worker in turn. */
  checkExport(file: string, start: number, end: number): Promise<ExportSpan> {
    return this.#ask({ file, start, end }) as Promise<ExportSpan>;
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map(({ worker }) => worker.terminate()));
  }
}

// A parameter, not a path the bundler could follow (see workerEntry).
function startWorker(entry: string, connectionString: string | undefined): Worker {
  // No execArgv: the entry loads what it needs (tsx) itself, and a preload inherited from this process costs every worker its start-up time.
  return new Worker(entry, { execArgv: [], workerData: { connectionString } });
}

// Buffers arrive as plain Uint8Arrays from another thread.
function revive<Span extends CheckedSpan | ExportSpan>(span: Span): Span {
  const buffer = (bytes: Uint8Array | null) => (bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null);
  return { ...span, firstChainHash: buffer(span.firstChainHash), lastChainHash: buffer(span.lastChainHash) };
}
