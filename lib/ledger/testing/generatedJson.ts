// Generators for the serializer equivalence tests (canonicalJson, rowDocuments): not used at run time.

/** Deterministic PRNG (mulberry32) so a failure names a reproducible case. */
export function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters where serializers disagree most: controls, quotes, escapes, U+2028, DEL, non-ASCII in
// all UTF-8 lengths, astral characters (surrogate pairs) and code units that sort differently by
// UTF-16 than by code point.
const ATOMS = ['a', 'Z', '0', '1', ' ', '"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u0001', '\u001f', '\u007f', '\u0080', 'é', 'ö',
  '€', '\u2028', '\u2029', 'דּ', '\ufffd', '日本', '😀', '\ud834\udd1e', '\uffff', '__proto__', 'toJSON', '10', '-'];
const NUMBERS = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 1e-6, 999999999999999900000, 5e-324, -5e-324, Number.MAX_VALUE, Number.MIN_SAFE_INTEGER,
  9007199254740993, 333333333.33333329, 4.5, 2e-3, 1e30, 295147905179352830000, 1424953923781206.2];

export function generate(next: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const text = () => Array.from({ length: Math.floor(next() * 6) }, () => pick(ATOMS)).join('');
  const kind = Math.floor(next() * (depth > 3 ? 5 : 7));
  switch (kind) {
    case 0: return null;
    case 1: return next() < 0.5;
    case 2: {
      if (next() < 0.5) return pick(NUMBERS);
      const bits = new DataView(new ArrayBuffer(8));
      bits.setUint32(0, Math.floor(next() * 2 ** 32));
      bits.setUint32(4, Math.floor(next() * 2 ** 32));
      const value = bits.getFloat64(0);
      return Number.isFinite(value) ? value : Math.floor(next() * 1e6) / 1000;
    }
    case 3:
    case 4: return text();
    case 5: return Array.from({ length: Math.floor(next() * 5) }, () => generate(next, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 6); i > 0; i--) Object.defineProperty(object, text(), { value: generate(next, depth + 1), enumerable: true, writable: true, configurable: true });
      return object;
    }
  }
}

/** JSON text of a value the way other producers write it: spaces, shuffled and duplicated keys, gratuitous escapes. */
export function looseText(value: unknown, next: () => number): string {
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(/[A/é]/g, (c) => (next() < 0.5 ? c : c === '/' ? '\\/' : `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`));
  }
  if (Array.isArray(value)) return `[${value.map((item) => looseText(item, next)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).sort(() => next() - 0.5).map(([key, item]) => `${looseText(key, next)}: ${looseText(item, next)}`);
    if (members.length > 0 && next() < 0.2) members.unshift(`${JSON.stringify(Object.keys(value)[0])}: "overwritten by the later duplicate"`);
    return `{${members.join(', ')}}`;
  }
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e15 && next() < 0.3) return `${value}.000e0`;
  return JSON.stringify(value);
}

/** A number as PostgreSQL's numeric prints it: never an exponent, the scale of the input kept. */
function plainDecimal(value: number, next: () => number): string {
  const text = JSON.stringify(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return Number.isInteger(value) && next() < 0.3 ? `${text}.000` : text;
  const [, sign, lead, rest = '', exponent] = match;
  const point = 1 + Number(exponent);
  // Exponent form means at least 1e21 (more places than digits) or below 1e-6.
  return point <= 0 ? `${sign}0.${'0'.repeat(-point)}${lead}${rest}` : `${sign}${(lead! + rest).padEnd(point, '0')}`;
}

/**
 * JSON text of a value as PostgreSQL's jsonb_out prints it: keys unique and ordered by UTF-8 length
 * and then bytes, ", " and ": " between items, strings escaped as JSON.stringify escapes them.
 */
export function jsonbText(value: unknown, next: () => number): string {
  if (typeof value === 'number') return plainDecimal(value, next);
  if (Array.isArray(value)) return `[${value.map((item) => jsonbText(item, next)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).map((key) => Buffer.from(key)).sort((a, b) => a.length - b.length || Buffer.compare(a, b)).map((key) => key.toString());
    return `{${keys.map((key) => `${JSON.stringify(key)}: ${jsonbText((value as Record<string, unknown>)[key], next)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}
