import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../lib/ledger/canonicalJson';
import { documentBytes, startDocument } from '../../lib/ledger/documentArena';
import { writeJsonbText } from '../../lib/ledger/jsonBytes';
import { generate, random } from '../../lib/ledger/testing/generatedJson';
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
    const { rows } = await client.query<{ text: string }>(
      'SELECT v::text AS text FROM unnest($1::text[]) WITH ORDINALITY AS t(json, n), LATERAL (SELECT json::jsonb AS v) AS parsed ORDER BY n',
      [values.map((value) => JSON.stringify(value))]);
    expect(rows).toHaveLength(values.length);
    const mismatches = rows.filter((row, i) => canonicalFromServerText(row.text) !== canonicalJson(values[i]));
    expect(mismatches.map((row) => row.text).slice(0, 3)).toEqual([]);
  });
});
