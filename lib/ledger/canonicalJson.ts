/**
 * RFC 8785 (JCS) serializer, byte-identical to the `canonicalize` package for every JSON value
 * (what JSON.parse and our document builders produce) but several times faster: ingest hashes every
 * record with it and `warden verify` re-hashes every stored entry. Strings and numbers go through
 * JSON.stringify, whose output is exactly JCS's (ECMAScript Number-to-String, minimal escapes).
 *
 * Deliberate differences, all on values that are not JSON: non-finite numbers, bigints, functions
 * and symbols throw instead of producing `undefined` or invalid text, and array holes become `null`
 * (the package silently drops them, which would change the array).
 */

// Object keys repeat across millions of records; their escaped form is cached (bounded, so memory
// stays flat whatever keys senders invent).
const KEY_CACHE_LIMIT = 10_000;
const escapedKeys = new Map<string, string>();

function escapedKey(key: string): string {
  let escaped = escapedKeys.get(key);
  if (escaped === undefined) {
    escaped = JSON.stringify(key) + ':';
    if (escapedKeys.size < KEY_CACHE_LIMIT) escapedKeys.set(key, escaped);
  }
  return escaped;
}

// Default Array#sort compares UTF-16 code units, which is JCS's key order (RFC 8785 §3.2.3).
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function serializeNumber(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be represented in JSON (RFC 8785)`);
  return JSON.stringify(value);
}

function serializeArray(values: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const item = values[i];
    // As JSON.stringify and the package do: undefined in an array stands for null.
    out += item === undefined ? 'null' : serialize(item);
  }
  return out + ']';
}

function serializeObject(object: Record<string, unknown>): string {
  const keys = Object.keys(object);
  if (keys.length > 1) keys.sort(byCodeUnits);
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = object[key];
    if (item === undefined) continue;
    out += first ? escapedKey(key) : ',' + escapedKey(key);
    out += serialize(item);
    first = false;
  }
  return out + '}';
}

function serialize(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return serializeNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return serializeArray(value);
      const withToJson = value as { toJSON?: unknown };
      // Dates and Buffers serialize as their toJSON(), as in the package.
      if (typeof withToJson.toJSON === 'function') return serialize((withToJson.toJSON as () => unknown).call(value));
      return serializeObject(value as Record<string, unknown>);
    }
    default:
      throw new TypeError(`a ${typeof value} cannot be represented in JSON (RFC 8785)`);
  }
}

/** The RFC 8785 canonical JSON text of a JSON value. */
export function canonicalJson(value: unknown): string {
  return serialize(value);
}
