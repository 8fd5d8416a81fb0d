// Entry of a verification worker thread. Plain JavaScript so Node can start it directly; it loads
// the TypeScript sources through tsx (a runtime dependency), the same code the main thread runs.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { default: pg } = await import('pg');
const { checkRange } = await import('./checkRange.ts');

const client = new pg.Client({ connectionString: workerData.connectionString });
let connected = null;
parentPort.on('message', async (task) => {
  try {
    connected ??= client.connect();
    await connected;
    const span = await checkRange(client, task.environment, task.from, task.to);
    parentPort.postMessage({ id: task.id, span }, [span.leaves.buffer]);
  } catch (error) {
    parentPort.postMessage({ id: task.id, failure: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.on('close', () => void client.end().catch(() => {}));
parentPort.postMessage({ ready: true });
