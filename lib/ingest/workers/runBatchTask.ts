import type { Environment } from '../../environment';
import { batchFromBody } from '../buildBatch';
import { IngestRequestError } from '../errors';
import type { BodyFormat } from '../splitBody';
import type { Batch, BatchItem } from '../storeBatch';

export interface BatchTask {
  taskId: number;
  body: Uint8Array;
  format: BodyFormat;
  environment: Environment;
}

export type BatchTaskResult =
  | { taskId: number; batch: Batch; transfer?: ArrayBuffer[] }
  | { taskId: number; requestError: { status: IngestRequestError['status']; message: string } }
  | { taskId: number; failure: string };

/** What a worker thread does with one request body; request faults travel back as data. */
export async function runBatchTask(task: BatchTask): Promise<BatchTaskResult> {
  try {
    const body = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength);
    const batch = await batchFromBody(body, task.format, task.environment);
    // Moved, not copied, to the main thread (packBatch gives them buffers of their own).
    const transfer = [batch.copyData.buffer, batch.items[0]?.leaf.buffer].filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
    return { taskId: task.taskId, batch, transfer };
  } catch (error) {
    if (error instanceof IngestRequestError) return { taskId: task.taskId, requestError: { status: error.status, message: error.message } };
    return { taskId: task.taskId, failure: (error as Error).stack ?? String(error) };
  }
}

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Structured clone turns Buffers into Uint8Arrays: make them Buffers again. */
export function reviveBatch(batch: Batch): Batch {
  batch.copyData = asBuffer(batch.copyData);
  reviveItems(batch.items);
  return batch;
}

function reviveItems(items: BatchItem[]): BatchItem[] {
  for (const item of items) {
    item.rawSha256 = asBuffer(item.rawSha256);
    item.leaf = asBuffer(item.leaf);
    if (item.kind === 'quarantined') item.raw = asBuffer(item.raw);
  }
  return items;
}
