import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { checkRange } from './checkRange';
import { checkExportRange } from './exportRange';
import type { RangeTask } from './rangeWorkers';

/**
 * A verification worker thread's loop (started through rangeWorker.mjs, which says when it is ready): ranges
 * checked as asked, a log's rows over one connection (made at the first such range) or an export file's bytes.
 */
const port = parentPort!;
const { connectionString } = workerData as { connectionString?: string };
let client: pg.Client | null = null;
let connected: Promise<unknown> | null = null;
port.on('message', async (task: RangeTask & { id: number }) => {
  try {
    let span;
    if ('file' in task) {
      span = checkExportRange(task.file, task.start, task.end);
    } else {
      if (!connectionString) throw new Error('this verification worker has no database connection');
      client ??= new pg.Client({ connectionString });
      connected ??= client.connect();
      await connected;
      span = await checkRange(client, task.environment, task.from, task.to);
    }
    port.postMessage({ id: task.id, span }, [span.leaves.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ id: task.id, failure: error instanceof Error ? error.message : String(error) });
  }
});
port.on('close', () => void client?.end().catch(() => {}));
