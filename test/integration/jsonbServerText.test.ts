import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../lib/ledger/canonicalJson';
import { documentBytes, startDocument } from '../../lib/ledger/documentArena';
import { writeJsonbText } from '../../lib/ledger/jsonBytes';
import { bool, copyStream, int8, jsonb, text, timestamptz } from '../../lib/ledger/testing/copyRows';
import { generate, random } from '../../lib/ledger/testing/generatedJson';
import { BinaryCopyParser } from '../../lib/ledger/verify/binaryCopy';
import { EXECUTION_COPY_COLUMNS, wasmDocumentWriter, writeDocument } from '../../lib/ledger/verify/executionCopy';
import { emptyDatabase } from '../support/freshDatabase';

// Verification copies the string escapes of jsonb_out text as they are (writeJsonbText), which is
// only right while the server escapes exactly as JSON.stringify does. This holds it against the
// server the tests run on, character by character and over generated documents.

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: await emptyDatabase() });
  await client.connect();
});
afterAll(async () => {
  await client.end();
});

function canonicalFromServerText(text: string): string {
  const bytes = Buffer.from(text);
  startDocument(bytes.length * 2);
  writeJsonbText(bytes, 0, bytes.length);
  return documentBytes().toString();
}

/** jsonb holds neither U+0000 nor lone surrogates; everything else goes in. */
function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '');
  if (Array.isArray(value)) return value.map(storable);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [storable(key), storable(item)]));
  return value;
}

/** Each value stored as jsonb and printed back by the server (jsonb_out), in order. */
async function serverTexts(values: unknown[]): Promise<Array<{ text: string }>> {
  const { rows } = await client.query<{ text: string }>(
    'SELECT v::text AS text FROM unnest($1::text[]) WITH ORDINALITY AS t(json, n), LATERAL (SELECT json::jsonb AS v) AS parsed ORDER BY n',
    [values.map((value) => JSON.stringify(value))]);
  return rows;
}

describe('jsonb text from the database server, canonicalised with escapes copied verbatim', () => {
  it('escapes every ASCII character and a range of others exactly as JSON.stringify, in values and in keys', async () => {
    const characters = [...Array.from({ length: 0x7f }, (_, i) => String.fromCharCode(i + 1)), '\u0080', 'é', '€', '\u2028', '\u2029', '\ufffd', '\uffff', '😀'];
    const { rows } = await client.query<{ value: string; object: string }>(
      'SELECT to_jsonb(c)::text AS value, jsonb_build_object(c, c)::text AS object FROM unnest($1::text[]) WITH ORDINALITY AS t(c, n) ORDER BY n', [characters]);
    expect(rows).toHaveLength(characters.length);
    rows.forEach((row, i) => {
      const character = characters[i]!;
      expect(row.value, `U+${character.codePointAt(0)!.toString(16)}`).toBe(JSON.stringify(character));
      expect(canonicalFromServerText(row.object)).toBe(canonicalJson({ [character]: character }));
    });
  });

  it('gives canonicalJson of the stored value for 2,000 generated documents', async () => {
    const next = random(4711);
    const values = Array.from({ length: 2_000 }, () => storable(generate(next, 0)));
    const rows = await serverTexts(values);
    expect(rows).toHaveLength(values.length);
    const mismatches = rows.filter((row, i) => canonicalFromServerText(row.text) !== canonicalJson(values[i]));
    expect(mismatches.map((row) => row.text).slice(0, 3)).toEqual([]);
  });

  it('the WebAssembly document writer gives what the JavaScript one gives for the server\'s text of 2,000 generated documents', async () => {
    const next = random(5150);
    const values = Array.from({ length: 2_000 }, () => storable(generate(next, 0)));
    const rows = await serverTexts(values);
    const fixed = { seq: int8(1), leaf_hash: Buffer.alloc(32), chain_hash: Buffer.alloc(32), id: text('x'), timestamp: timestamptz('2026-12-07T00:00:00.000Z'), is_error: bool(false), raw_sha256: Buffer.alloc(32) };
    const stream = copyStream(rows.map((row) => EXECUTION_COPY_COLUMNS.map((name) => (name === 'output' ? jsonb(row.text) : fixed[name as keyof typeof fixed] ?? null))));
    const writer = wasmDocumentWriter()!;
    let written = 0;
    const differing: string[] = [];
    new BinaryCopyParser(EXECUTION_COPY_COLUMNS.length).push(stream, (row) => {
      const wasm = writer.write(row, 'staging');
      if (!wasm) return;
      written++;
      const copy = Buffer.from(wasm);
      if (!copy.equals(writeDocument(row, 'staging'))) differing.push(copy.toString());
    });
    expect(differing.slice(0, 2)).toEqual([]);
    // The generator's keys are full of escapes and astral characters, which the module leaves to JavaScript.
    expect(written).toBeGreaterThan(500);
  });
});
