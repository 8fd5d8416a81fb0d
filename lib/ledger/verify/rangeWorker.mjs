// Entry of a verification worker thread (rangeWorkerThread.ts). Plain JavaScript so Node can start it directly.
// The thread runs a bundle of that module and the sources it imports, kept in node_modules/.cache/warden and
// made again when any of them changed (workerBundle.mjs): starting through tsx took each thread about three
// times as long (335 vs 117 ms to ready) and as much CPU, paid once per thread on every verify run.
// Where no bundle can be made, or it fails to load, tsx loads the sources as before.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { bundledModule } from './workerBundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..', '..');
const source = path.join(here, 'rangeWorkerThread.ts');

const bundle = await bundledModule({ root, source, cache: path.join(root, 'node_modules', '.cache', 'warden'), name: 'rangeWorker' });
let loaded = false;
if (bundle) {
  try {
    await import(pathToFileURL(bundle).href);
    loaded = true;
  } catch {
    // removed by a run that rebuilt it just now, say: the sources still work
  }
}
if (!loaded) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
}
parentPort.postMessage({ ready: true, loadedFrom: loaded ? 'bundle' : 'sources' });
