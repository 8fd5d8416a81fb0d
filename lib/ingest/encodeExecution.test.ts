import { describe, expect, it } from 'vitest';
import { generateDemoEvents } from '../demo';
import { canonicalBytes, leafHash, sha256 } from '../ledger/hashes';
import { executionDocument } from '../ledger/documents';
import { encodeExecution } from './encodeExecution';
import { normaliseRecord } from './normaliseRecord';

function expectSameLeafAsLedgerDocument(line: string) {
  const normalised = normaliseRecord(JSON.parse(line), 'staging');
  if (!normalised.ok) throw new Error(normalised.reason);
  const raw = sha256(Buffer.from(line));
  const expected = leafHash(canonicalBytes(executionDocument(normalised.record, raw)));
  expect(encodeExecution(normalised.record, raw).leaf.toString('hex')).toBe(expected.toString('hex'));
}

describe('encodeExecution', () => {
  it('hashes exactly the RFC 8785 ledger document for realistic records', () => {
    for (const event of generateDemoEvents({ count: 1500, environment: 'staging', seed: 7 })) expectSameLeafAsLedgerDocument(JSON.stringify(event));
  });

  it.each([
    '{"timestamp":1764064800,"tool_name":"t"}',
    '{"timestamp":"2026-11-25T10:00:00Z","method":"tools/call","output":"plain text","duration_ms":0.1,"input_tokens":0}',
    '{"timestamp":"2026-11-25T10:00:00Z","method":"m","output":[1,"two",{"b":1,"a":[null,true]}],"is_error":true,"error":"boom\\n\\ttab"}',
    '{"timestamp":"2026-11-25T10:00:00Z","method":"m","output":1e21,"duration_ms":1e-7,"arguments":{"é":1,"e":2,"\\ud83d\\ude00":3,"Z":4,"":5}}',
    '{"timestamp":"2026-11-25T10:00:00Z","method":"m","__proto__":{"x":1},"attributes":{"__proto__":{"y":2},"k":"v"},"zzz":[1]}',
    '{"timestamp":"2026-11-25T10:00:00Z","tool_name":"日本語ツール","prompt":"Grüße \\u2028 \\"quoted\\" \\\\ back","side_effects":[{"kind":"dns","target":"x.example","extra":{"b":2,"a":1}}]}',
    '{"date":1764064800.123,"method":"m","server_name":42,"user_id":true,"environment":"staging"}',
  ])('matches on edge case %s', (line) => expectSameLeafAsLedgerDocument(line));

  it('writes COPY columns that escape tabs, newlines and backslashes', () => {
    const normalised = normaliseRecord(JSON.parse('{"id":"a\\tb","timestamp":"2026-11-25T10:00:00Z","method":"m\\\\x","error":"l1\\nl2"}'), 'staging');
    if (!normalised.ok) throw new Error(normalised.reason);
    const columns = encodeExecution(normalised.record, Buffer.alloc(32)).copyColumns.split('\t');
    expect(columns[0]).toBe('a\\tb');
    expect(columns).toContain('m\\\\x');
    expect(columns).toContain('l1\\nl2');
  });
});
