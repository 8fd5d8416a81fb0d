/**
 * How one free-text term is matched against the lower-cased search text. pg_trgm indexes
 * "words" (runs of letters and digits, any script) as trigrams, so what the index can answer
 * decides the matching rule:
 *  - substring: anywhere, also inside identifiers (`sk_live_4f`) and CJK text without spaces.
 *    Needs three letters/digits in a row, or two next to punctuation inside the term.
 *  - wordStart: shorter terms (`ls`, `日本`) match where a word starts: a bare "anywhere" search
 *    has no trigram to look up and would read every row.
 *  - unindexed: no letters or digits at all (`->`): matched anywhere by scanning the rows the
 *    other conditions leave.
 */
export type TextTerm = { kind: 'substring' | 'wordStart' | 'unindexed'; text: string };

export const MAX_TERMS = 16;

const WORD_CHARACTER = /[\p{L}\p{N}]/u;
const LONG_RUN = /[\p{L}\p{N}]{3}/u;
// Two word characters bounded by punctuation inside the term: pg_trgm pads that side, giving a trigram.
const BOUNDED_PAIR = /[^\p{L}\p{N}][\p{L}\p{N}]{2}|[\p{L}\p{N}]{2}[^\p{L}\p{N}]/u;

// What may precede a word, in regex terms. Listed one by one, ASCII only: pg_trgm reads such a
// bracket expression as a word boundary, but not \s, [^[:alnum:]] or multibyte punctuation.
const WORD_BOUNDARY = `(^|[ \n\t\r"'/.,:;()\\[\\]{}<>=_+*&|!?@#$%^~\\\\\\-])`;

function termTexts(q: string): Set<string> {
  const texts = new Set<string>();
  for (const match of q.matchAll(/"([^"]*)"|(\S+)/gu)) {
    const text = (match[1] ?? match[2] ?? '').trim();
    if (text) texts.add(text);
  }
  return texts;
}

/** For validation: more than MAX_TERMS terms are refused rather than silently dropped. */
export function countTerms(q: string): number {
  return termTexts(q).size;
}

/** Splits on spaces; "double quotes" keep a phrase together. Duplicates and empty terms drop out. */
export function parseTerms(q: string | undefined): TextTerm[] {
  if (!q) return [];
  return [...termTexts(q)].slice(0, MAX_TERMS).map((text) => ({ text, kind: classify(text) }));
}

function classify(text: string): TextTerm['kind'] {
  if (LONG_RUN.test(text) || BOUNDED_PAIR.test(text)) return 'substring';
  return WORD_CHARACTER.test(text) ? 'wordStart' : 'unindexed';
}

/** `%term%` with LIKE's own characters escaped (backslash is LIKE's default escape). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

/** The term as a literal after a word boundary, in PostgreSQL's regex syntax (ARE). */
export function wordStartPattern(text: string): string {
  return WORD_BOUNDARY + text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}
