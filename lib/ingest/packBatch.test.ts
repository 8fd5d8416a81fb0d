import { describe, expect, it } from 'vitest';
import { generateDemoEvents } from '../demo';
import { batchFromBody } from './buildBatch';
import { encodeExecution } from './encodeExecution';
import { normaliseRecord } from './normaliseRecord';
import { sha256 } from '../ledger/hashes';

describe('packed batches', () => {
  it('hold each execution\'s exact COPY columns and hashes, multi-byte text included', async () => {
    const events = generateDemoEvents({ count: 200, environment: 'staging', seed: 7 });
    events[3] = { ...events[3]!, output: 'größe 日本 \t tab \\ backslash 🦀' };
    const lines = events.map((event) => JSON.stringify(event));
    const batch = await batchFromBody(Buffer.from(`${lines.join('\n')}\n{"broken"\n`), 'ndjson', 'staging');
    expect(batch.items).toHaveLength(201);
    batch.items.slice(0, 200).forEach((item, index) => {
      const raw = Buffer.from(lines[index]!);
      const normalised = normaliseRecord(JSON.parse(lines[index]!), 'staging');
      if (!normalised.ok || item.kind !== 'execution') throw new Error('expected an execution');
      const expected = encodeExecution(normalised.record, sha256(raw));
      expect(batch.copyData.toString('utf8', item.columnsStart, item.columnsEnd)).toBe(expected.copyColumns);
      expect(item.leaf.equals(expected.leaf)).toBe(true);
      expect(item.rawSha256.equals(sha256(raw))).toBe(true);
    });
    expect(batch.items[200]).toMatchObject({ kind: 'quarantined', line: 201 });
    const last = batch.items[199]!;
    expect(last.kind === 'execution' && last.columnsEnd).toBe(batch.copyData.length);
  });
});
