import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../lib/ledger/canonicalJson';
import { documentBytes, startDocument } from '../../lib/ledger/documentArena';
import { writeJsonText } from '../../lib/ledger/jsonBytes';
import { bool, copyStream, int8, json, text, timestamptz } from '../../lib/ledger/testing/copyRows';
import { generate, random } from '../../lib/ledger/testing/generatedJson';
import { BinaryCopyParser } from '../../lib/ledger/verify/binaryCopy';
import { EXECUTION_COPY_COLUMNS, wasmDocumentWriter, writeDocument } from '../../lib/ledger/verify/executionCopy';
import { emptyDatabase } from '../support/freshDatabase';

// The JSON columns of executions are json: they keep the canonical text ingest wrote, byte for byte,
// and verification's WebAssembly writer copies string escapes that are JSON.stringify's as they are.
// Rows stored while the columns were jsonb hold jsonb_out's text (the migration's cast), whose escapes
// must then be exactly JSON.stringify's too. This holds both against the server the tests run on,
// character by character and over generated documents.

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
  writeJsonText(bytes, 0, bytes.length);
  return documentBytes().toString();
}

/** jsonb holds neither U+0000 nor lone surrogates; everything else goes in. */
function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '');
  if (Array.isArray(value)) return value.map(storable);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [storable(key), storable(item)]));
  return value;
}

/**
 * Each value's canonical text stored in a json column and read back: as ingest's rows hold it, or
 * (`jsonb`) passed through jsonb first, as rows stored before the columns became json hold it.
 */
async function serverTexts(values: unknown[], form: 'canonical' | 'jsonb'): Promise<Array<{ text: string }>> {
  await client.query('CREATE TEMPORARY TABLE IF NOT EXISTS stored (n int, value json)');
  await client.query('TRUNCATE stored');
  await client.query(`INSERT INTO stored SELECT n, ${form === 'jsonb' ? 'text::jsonb::json' : 'text::json'} FROM unnest($1::text[]) WITH ORDINALITY AS t(text, n)`,
    [values.map((value) => canonicalJson(value))]);
  const { rows } = await client.query<{ text: string }>('SELECT value::text AS text FROM stored ORDER BY n');
  return rows;
}

describe('JSON text from the database server, canonicalised with escapes copied verbatim', () => {
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

  it('keeps the canonical text ingest writes byte for byte (json), and gives canonicalJson of the stored value from jsonb\'s text, for 2,000 generated documents', async () => {
    const next = random(4711);
    const values = Array.from({ length: 2_000 }, () => storable(generate(next, 0)));
    const kept = await serverTexts(values, 'canonical');
    expect(kept.filter((row, i) => row.text !== canonicalJson(values[i])).map((row) => row.text).slice(0, 3)).toEqual([]);
    const legacy = await serverTexts(values, 'jsonb');
    expect(legacy).toHaveLength(values.length);
    // jsonb's text differs from the canonical one (spaces, key order, numbers) …
    expect(legacy.filter((row, i) => row.text !== canonicalJson(values[i])).length).toBeGreaterThan(500);
    // … and canonicalises back to it.
    const mismatches = legacy.filter((row, i) => canonicalFromServerText(row.text) !== canonicalJson(values[i]));
    expect(mismatches.map((row) => row.text).slice(0, 3)).toEqual([]);
  });

  it.each(['canonical', 'jsonb'] as const)('the WebAssembly document writer gives what the JavaScript one gives for the server\'s %s text of 2,000 generated documents', async (form) => {
    const next = random(5150);
    const values = Array.from({ length: 2_000 }, () => storable(generate(next, 0)));
    const rows = await serverTexts(values, form);
    const fixed = { seq: int8(1), leaf_hash: Buffer.alloc(32), chain_hash: Buffer.alloc(32), id: text('x'), timestamp: timestamptz('2026-12-07T00:00:00.000Z'), is_error: bool(false), raw_sha256: Buffer.alloc(32) };
    const stream = copyStream(rows.map((row) => EXECUTION_COPY_COLUMNS.map((name) => (name === 'output' ? json(row.text) : fixed[name as keyof typeof fixed] ?? null))));
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
