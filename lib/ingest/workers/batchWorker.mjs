// Entry of an ingest worker thread. Plain JavaScript so Node can start it directly; it loads the
// TypeScript sources through tsx (a runtime dependency), the same code the main thread would run.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runBatchTask } = await import('./runBatchTask.ts');
parentPort.on('message', async (task) => {
  const { transfer, ...result } = await runBatchTask(task);
  parentPort.postMessage(result, transfer ?? []);
});
parentPort.postMessage({ ready: true });
