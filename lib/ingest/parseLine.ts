import { INGEST_LIMITS } from './limits';

const ESCAPED_NUL = /(?<!\\)(?:\\\\)*\\u0000/i;

export type ParsedLine = { ok: true; value: unknown } | { ok: false; reason: string };

// Strict: invalid UTF-8 is refused, never replaced with U+FFFD (that would alter evidence).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Upper bound of the nesting: the number of opening brackets anywhere (native byte counting). */
function openingBrackets(raw: Buffer): number {
  let count = 0;
  for (const bracket of [0x5b, 0x7b]) for (let at = raw.indexOf(bracket); at !== -1 && count <= INGEST_LIMITS.maxDepth; at = raw.indexOf(bracket, at + 1)) count++;
  return count;
}

/** Deepest bracket nesting outside strings, measured before parsing so a hostile line costs O(n). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}

/** Bytes of one record → a JSON value, or the reason it cannot be one. */
export function parseLine(raw: Buffer): ParsedLine {
  if (raw.length > INGEST_LIMITS.maxLineBytes) return { ok: false, reason: `line exceeds ${INGEST_LIMITS.maxLineBytes} bytes` };
  if (raw.includes(0)) return { ok: false, reason: 'line contains a NUL byte' };
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return { ok: false, reason: 'line is not valid UTF-8' };
  }
  if (openingBrackets(raw) > INGEST_LIMITS.maxDepth && nestingDepth(text) > INGEST_LIMITS.maxDepth) return { ok: false, reason: `JSON nested deeper than ${INGEST_LIMITS.maxDepth} levels` };
  // PostgreSQL text and jsonb cannot hold U+0000, and an escaped NUL is the usual way to smuggle one.
  // Only a real escape: after an odd number of backslashes. `\\u0000` is a backslash and the text u0000 (code about escapes).
  if (ESCAPED_NUL.test(text)) return { ok: false, reason: 'line contains an escaped NUL (\\u0000)' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${(error as Error).message}` };
  }
}
