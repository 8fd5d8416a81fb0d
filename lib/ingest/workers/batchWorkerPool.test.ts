import { describe, expect, it } from 'vitest';
import { batchFromBody } from '../buildBatch';
import { IngestRequestError } from '../errors';
import { batchInWorker } from './batchWorkerPool';

const body = Buffer.from([
  JSON.stringify({ id: 'w-1', timestamp: '2026-11-25T10:00:00Z', method: 'tools/call', tool_name: 'read_file', arguments: { path: '/etc/hosts' } }),
  '{"broken": ',
  JSON.stringify({ timestamp: 1764064800, tool_name: 'search_docs', output: { hits: ['ä', '日本'] } }),
].join('\n'));

const workerThreads = () => (globalThis as { wardenBatchWorkers?: { exited: boolean }[] | null }).wardenBatchWorkers;

describe('ingest worker threads', () => {
  it('build exactly the items the main thread would, Buffers included', async () => {
    const inWorker = await batchInWorker(body, 'ndjson', 'staging');
    expect(workerThreads()?.filter((worker) => !worker.exited).length).toBeGreaterThan(0);
    const inThread = await batchFromBody(body, 'ndjson', 'staging');
    expect(inWorker).toEqual(inThread);
    expect(Buffer.isBuffer(inWorker.copyData)).toBe(true);
    expect(inWorker.items.every((item) => Buffer.isBuffer(item.leaf) && Buffer.isBuffer(item.rawSha256))).toBe(true);
    expect(inWorker.items.map((item) => item.kind)).toEqual(['execution', 'quarantined', 'execution']);
  });

  it('answer request faults as the same IngestRequestError', async () => {
    const failure = await batchInWorker(Buffer.from('[{"a":1}, {"b":'), 'json', 'staging').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IngestRequestError);
    expect(failure).toMatchObject({ status: 400, message: 'undecodable body: the JSON array is not closed' });
  });

  it('keep serving after a worker dies, in the remaining workers or this thread', async () => {
    for (const worker of workerThreads() ?? []) await (worker as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    expect(await batchInWorker(body, 'ndjson', 'staging')).toEqual(await batchFromBody(body, 'ndjson', 'staging'));
  });
});
