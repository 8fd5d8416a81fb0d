import type { Environment } from '../../environment';
import { batchFromBody } from '../buildBatch';
import { IngestRequestError } from '../errors';
import type { BodyFormat } from '../splitBody';
import type { BatchItem } from '../storeBatch';

export interface BatchTask {
  taskId: number;
  body: Uint8Array;
  format: BodyFormat;
  environment: Environment;
}

export type BatchTaskResult =
  | { taskId: number; items: BatchItem[] }
  | { taskId: number; requestError: { status: IngestRequestError['status']; message: string } }
  | { taskId: number; failure: string };

/** What a worker thread does with one request body; request faults travel back as data. */
export async function runBatchTask(task: BatchTask): Promise<BatchTaskResult> {
  try {
    const body = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength);
    return { taskId: task.taskId, items: await batchFromBody(body, task.format, task.environment) };
  } catch (error) {
    if (error instanceof IngestRequestError) return { taskId: task.taskId, requestError: { status: error.status, message: error.message } };
    return { taskId: task.taskId, failure: (error as Error).stack ?? String(error) };
  }
}

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Structured clone turns Buffers into Uint8Arrays: make them Buffers again. */
export function reviveItems(items: BatchItem[]): BatchItem[] {
  for (const item of items) {
    item.rawSha256 = asBuffer(item.rawSha256);
    item.leaf = asBuffer(item.leaf);
    if (item.kind === 'quarantined') item.raw = asBuffer(item.raw);
  }
  return items;
}
