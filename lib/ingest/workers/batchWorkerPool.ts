import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Environment } from '../../environment';
import { batchFromBody } from '../buildBatch';
import { IngestRequestError } from '../errors';
import type { BodyFormat } from '../splitBody';
import type { Batch } from '../storeBatch';
import { reviveBatch, type BatchTaskResult } from './runBatchTask';

type Pending = { resolve: (batch: Batch) => void; reject: (error: unknown) => void };
type PooledWorker = { worker: Worker; pending: Map<number, Pending>; ready: Promise<void>; exited: boolean };

const globalForPool = globalThis as unknown as { wardenBatchWorkers?: PooledWorker[] | null };
let nextTaskId = 1;

// Parsing, validating and hashing a batch is pure CPU; in worker threads it runs beside the main
// thread, which stays free to drive the database round trips of requests holding a log head lock.
function workerCount(): number {
  const configured = process.env.WARDEN_INGEST_WORKERS;
  return configured === undefined ? Math.min(4, availableParallelism()) : Math.max(0, Number(configured) || 0);
}

function startWorker(entry: string): PooledWorker {
  const worker = new Worker(entry);
  const pending = new Map<number, Pending>();
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  worker.on('message', (result: BatchTaskResult | { ready: true }) => {
    if ('ready' in result) return;
    const task = pending.get(result.taskId);
    pending.delete(result.taskId);
    if (!task) return;
    if ('batch' in result) task.resolve(reviveBatch(result.batch));
    else if ('requestError' in result) task.reject(new IngestRequestError(result.requestError.status, result.requestError.message));
    else task.reject(new Error(`ingest worker failed: ${result.failure}`));
  });
  const failAll = (error: unknown) => {
    for (const task of pending.values()) task.reject(error);
    pending.clear();
  };
  ready.catch(() => {}); // awaited by batchInWorker; never an unhandled rejection
  const pooled: PooledWorker = { worker, pending, ready, exited: false };
  worker.on('error', failAll);
  worker.on('exit', () => {
    pooled.exited = true;
    failAll(new Error('ingest worker exited'));
  });
  worker.unref(); // never keeps a CLI or test process alive
  return pooled;
}

function workers(): PooledWorker[] | null {
  if (globalForPool.wardenBatchWorkers === undefined) {
    const entry = path.join(process.cwd(), 'lib', 'ingest', 'workers', 'batchWorker.mjs');
    const count = workerCount();
    globalForPool.wardenBatchWorkers = count > 0 && existsSync(entry) ? Array.from({ length: count }, () => startWorker(entry)) : null;
  }
  return globalForPool.wardenBatchWorkers;
}

/**
 * A request body → its batch items, on the least busy worker thread; in this thread when workers
 * are disabled (WARDEN_INGEST_WORKERS=0), unavailable, or one of them broke.
 */
export async function batchInWorker(body: Buffer, format: BodyFormat, environment: Environment): Promise<Batch> {
  const pool = workers()?.filter((candidate) => !candidate.exited);
  if (!pool?.length) return batchFromBody(body, format, environment);
  const chosen = pool.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
  try {
    await chosen.ready;
  } catch {
    globalForPool.wardenBatchWorkers = null;
    return batchFromBody(body, format, environment);
  }
  const taskId = nextTaskId++;
  try {
    return await new Promise<Batch>((resolve, reject) => {
      chosen.pending.set(taskId, { resolve, reject });
      chosen.worker.postMessage({ taskId, body, format, environment });
    });
  } catch (error) {
    if (error instanceof IngestRequestError) throw error;
    console.error((error as Error).message);
    return batchFromBody(body, format, environment);
  }
}
