import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import type { Environment } from '../../environment';
import { checkRange } from './checkRange';

/** A verification worker thread's loop (started through rangeWorker.mjs, which says when it is ready): one connection, ranges checked as asked. */
const port = parentPort!;
const client = new pg.Client({ connectionString: (workerData as { connectionString: string }).connectionString });
let connected: Promise<unknown> | null = null;
port.on('message', async (task: { id: number; environment: Environment; from: number; to: number }) => {
  try {
    connected ??= client.connect();
    await connected;
    const span = await checkRange(client, task.environment, task.from, task.to);
    port.postMessage({ id: task.id, span }, [span.leaves.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ id: task.id, failure: error instanceof Error ? error.message : String(error) });
  }
});
port.on('close', () => void client.end().catch(() => {}));
