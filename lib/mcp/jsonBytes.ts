/**
 * JSON straight into UTF-8 bytes, byte for byte what `Buffer.from(JSON.stringify(value))` holds,
 * without the intermediate strings: on a trivial tool the recorder's strings (two JSON texts, then a
 * line joined from them, then its copy into the sink) were most of what it allocated per call, and
 * every byte allocated on the request path makes the recorded server's own garbage collections come
 * sooner. One writer is reused for every record; sinks copy the bytes out before it is reused.
 *
 * Only the shapes JSON.stringify treats plainly are written here: plain objects (prototype
 * Object.prototype or null), real arrays, strings, numbers, booleans, null, and toJSON (called with
 * the same key, as JSON.stringify calls it). Anything else (class instances, boxed primitives, Map,
 * typed arrays, BigInt, very deep or circular data) makes `json` return false, and the caller falls
 * back to JSON.stringify for the whole value.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX = '0123456789abcdef';
/** Short escapes JSON.stringify uses; other control characters are written `\u00xx`. */
const SHORT_ESCAPES: Record<number, number> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72 };
/** A string without these can go through the native UTF-8 encoder unchanged. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/** Below this length a JS loop beats the native encoder's call overhead. */
const NATIVE_FROM = 64;
/** Deeper than this is handed to JSON.stringify (which also reports cycles as it always has). */
const MAX_DEPTH = 100;
const INITIAL_BYTES = 16 * 1024;
/** Fragments up to this long are copied byte by byte. */
const SHORT_COPY = 48;
/** A writer that grew past this for one huge record goes back to its initial size afterwards. */
const KEEP_BYTES = 1024 * 1024;
const OBJECT_PROTO = Object.prototype;
const ARRAY_PROTO = Array.prototype;

/** Sentinel: the value is one JSON.stringify leaves out (undefined, a function, a symbol). */
const OMITTED = 0;
const WRITTEN = 1;
const UNSUPPORTED = 2;
type Outcome = typeof OMITTED | typeof WRITTEN | typeof UNSUPPORTED;

export class JsonByteWriter {
  buffer: Buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  /** Bytes written so far. */
  length = 0;

  reset(): void {
    if (this.buffer.length > KEEP_BYTES) this.buffer = Buffer.allocUnsafe(INITIAL_BYTES);
    this.length = 0;
  }

  /** Room for `bytes` more bytes. */
  ensure(bytes: number): void {
    const needed = this.length + bytes;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** Bytes as they are (pre-encoded constant fragments). */
  bytes(source: Uint8Array): void {
    const n = source.length;
    this.ensure(n);
    if (n > SHORT_COPY) this.buffer.set(source, this.length);
    else {
      // A call into TypedArray.prototype.set costs more than a short loop.
      const buffer = this.buffer;
      const at = this.length;
      for (let i = 0; i < n; i++) buffer[at + i] = source[i]!;
    }
    this.length += n;
  }

  /** One byte (punctuation). */
  byte(value: number): void {
    this.ensure(1);
    this.buffer[this.length++] = value;
  }

  /** A string known to be ASCII with nothing to escape (ids, timestamps, numbers' text, key fragments). */
  ascii(text: string): void {
    const n = text.length;
    this.ensure(n);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < n; i++) buffer[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /** Any text as UTF-8, unquoted and unescaped (JSON text that JSON.stringify produced). */
  utf8(text: string): void {
    this.ensure(text.length * 3);
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  /** A non-negative integer below 2^31, in decimal. */
  digits(value: number): void {
    this.ensure(10);
    const buffer = this.buffer;
    let at = this.length;
    if (value === 0) {
      buffer[at] = 0x30;
      this.length = at + 1;
      return;
    }
    let width = 0;
    for (let rest = value; rest > 0; rest = (rest / 10) | 0) width++;
    at += width;
    this.length = at;
    for (let rest = value; rest > 0; rest = (rest / 10) | 0) buffer[--at] = 0x30 + (rest % 10);
  }

  /** A JSON number as JSON.stringify writes it: its shortest decimal form, `null` when not finite. */
  number(value: number): void {
    if (value >= 0 && value <= 0x7fffffff && (value | 0) === value) this.digits(value);
    else this.ascii(Number.isFinite(value) ? String(value) : 'null');
  }

  /** A string in JSON quotes, escaped as JSON.stringify escapes it (lone surrogates as `\udxxx`). */
  string(text: string): void {
    this.quoted(text, 0, 0);
  }

  /**
   * `text` as a JSON string, with the byte `before` ahead of it and `after` behind it where they are not 0: a
   * property's `,"key":` is then one call, one room check.
   */
  private quoted(text: string, before: number, after: number): void {
    const n = text.length;
    this.ensure(n * 6 + 4); // `\u001f` is the longest form of one UTF-16 unit
    const buffer = this.buffer;
    let at = this.length;
    if (before !== 0) buffer[at++] = before;
    buffer[at++] = QUOTE;
    if (n >= NATIVE_FROM && !NEEDS_ESCAPE.test(text)) {
      at += buffer.write(text, at, 'utf8');
      buffer[at++] = QUOTE;
      if (after !== 0) buffer[at++] = after;
      this.length = at;
      return;
    }
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      // Literals, not the module's constants: optimised code reloads and rechecks those on every character.
      if (c < 0x80) {
        if (c >= 0x20 && c !== 0x22 && c !== 0x5c) buffer[at++] = c;
        else {
          buffer[at++] = BACKSLASH;
          const short = c < 0x20 ? SHORT_ESCAPES[c] : c;
          if (short !== undefined) buffer[at++] = short;
          else at = unicodeEscape(buffer, at, c);
        }
      } else if (c < 0x800) {
        buffer[at++] = 0xc0 | (c >> 6);
        buffer[at++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        buffer[at++] = 0xe0 | (c >> 12);
        buffer[at++] = 0x80 | ((c >> 6) & 0x3f);
        buffer[at++] = 0x80 | (c & 0x3f);
      } else {
        const next = c < 0xdc00 && i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (next >= 0xdc00 && next <= 0xdfff) {
          const point = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          buffer[at++] = 0xf0 | (point >> 18);
          buffer[at++] = 0x80 | ((point >> 12) & 0x3f);
          buffer[at++] = 0x80 | ((point >> 6) & 0x3f);
          buffer[at++] = 0x80 | (point & 0x3f);
          i++;
        } else {
          buffer[at++] = BACKSLASH;
          at = unicodeEscape(buffer, at, c);
        }
      }
    }
    buffer[at++] = QUOTE;
    if (after !== 0) buffer[at++] = after;
    this.length = at;
  }

  /**
   * Appends `JSON.stringify(value)`'s bytes (a toJSON called with `key`, the property's name in the record). False, with nothing appended, when JSON.stringify would
   * write nothing (undefined, a function, a symbol, a toJSON answering so) or when the value is not
   * one of the plain shapes this writer handles: the caller then uses JSON.stringify itself.
   */
  json(value: unknown, key = ''): boolean {
    const start = this.length;
    if (inheritsEnumerable()) return false;
    // Checked again after: a toJSON or a getter may have given Object.prototype enumerable properties on the way,
    // and for…in saw them from then on.
    if (this.value(value, key, 0) === WRITTEN && !inheritsEnumerable()) return true;
    this.length = start;
    return false;
  }

  private value(value: unknown, key: string | number, depth: number): Outcome {
    if ((typeof value === 'object' || typeof value === 'function') && value !== null) {
      // Read once, as JSON.stringify reads it: a getter may answer differently the second time.
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') value = (toJSON as (key: string) => unknown).call(value, typeof key === 'number' ? String(key) : key);
    }
    switch (typeof value) {
      case 'string':
        this.string(value);
        return WRITTEN;
      case 'number':
        this.number(value);
        return WRITTEN;
      case 'boolean':
        this.ascii(value ? 'true' : 'false');
        return WRITTEN;
      case 'undefined':
      case 'function':
      case 'symbol':
        return OMITTED;
      case 'object':
        if (value === null) {
          this.ascii('null');
          return WRITTEN;
        }
        if (depth >= MAX_DEPTH) return UNSUPPORTED;
        if (Array.isArray(value)) return Object.getPrototypeOf(value) === ARRAY_PROTO ? this.array(value, depth + 1) : UNSUPPORTED;
        {
          const proto = Object.getPrototypeOf(value);
          return proto === OBJECT_PROTO || proto === null ? this.object(value as Record<string, unknown>, depth + 1) : UNSUPPORTED;
        }
      default:
        return UNSUPPORTED; // bigint: JSON.stringify throws, and the fallback lets it
    }
  }

  private array(items: unknown[], depth: number): Outcome {
    this.ensure(1);
    this.buffer[this.length++] = 0x5b; // [
    // The length as it was at the start, as JSON.stringify reads it: a toJSON may push onto the array on the way.
    const length = items.length;
    for (let i = 0; i < length; i++) {
      if (i > 0) {
        this.ensure(1);
        this.buffer[this.length++] = 0x2c; // ,
      }
      const outcome = this.value(items[i], i, depth);
      if (outcome === UNSUPPORTED) return UNSUPPORTED;
      if (outcome === OMITTED) this.ascii('null');
    }
    this.ensure(1);
    this.buffer[this.length++] = 0x5d; // ]
    return WRITTEN;
  }

  private object(object: Record<string, unknown>, depth: number): Outcome {
    this.ensure(1);
    this.buffer[this.length++] = 0x7b; // {
    let first = true;
    // for…in, not Object.keys: no key array per object, and the values come straight from the shape's enum cache
    // instead of megamorphic keyed loads. It yields the own enumerable keys in JSON.stringify's order, followed by
    // inherited enumerable ones, which a plain object only has when Object.prototype was given some: `json` checks.
    for (const key in object) {
      const before = this.length;
      this.quoted(key, first ? 0 : 0x2c, 0x3a); // [,]"key":
      const outcome = this.value(object[key], key, depth);
      if (outcome === UNSUPPORTED) return UNSUPPORTED;
      if (outcome === OMITTED) this.length = before; // JSON.stringify leaves the key out
      else first = false;
    }
    this.ensure(1);
    this.buffer[this.length++] = 0x7d; // }
    return WRITTEN;
  }
}

const EMPTY: Record<string, unknown> = {};

/** Whether Object.prototype has enumerable properties (then for…in would add them to every plain object). */
function inheritsEnumerable(): boolean {
  for (const _ in EMPTY) return true;
  return false;
}

function unicodeEscape(buffer: Buffer, at: number, c: number): number {
  buffer[at++] = 0x75; // u
  buffer[at++] = HEX.charCodeAt(c >> 12);
  buffer[at++] = HEX.charCodeAt((c >> 8) & 0xf);
  buffer[at++] = HEX.charCodeAt((c >> 4) & 0xf);
  buffer[at++] = HEX.charCodeAt(c & 0xf);
  return at;
}
