/**
 * Text as a model reads it versus as a reviewer sees it. Attackers hide instructions in characters
 * that render as nothing (Unicode tag characters, zero-width joiners), in look-alike letters
 * (Cyrillic "о" for Latin "o"), in full-width forms, in odd spacing ("i g n o r e") or in case.
 * These helpers undo all of that, so the detectors match one canonical form.
 */

/** Unicode tag characters U+E0000–U+E007F: invisible, but U+E0020–E007E mirror ASCII one to one. */
const TAG_RUN = /[\u{E0000}-\u{E007F}]+/gu;
/** Zero-width and invisible formatting characters (ZWSP, ZWNJ, ZWJ, WJ, BOM, soft hyphen, Mongolian vowel separator, invisible operators). */
export const INVISIBLE = /[\u200B-\u200D\u2060-\u2064\uFEFF\u00AD\u180E\u034F\u115F\u1160\u3164]/g;
/** Bidirectional overrides and isolates ("Trojan Source"). */
export const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;

/** Latin look-alikes from Cyrillic, Greek and other scripts that NFKC leaves alone. */
const CONFUSABLES: Record<string, string> = {
  'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c', 'т': 't', 'у': 'y', 'х': 'x',
  'і': 'i', 'ї': 'i', 'ј': 'j', 'ѕ': 's', 'ԁ': 'd', 'ɡ': 'g', 'һ': 'h', 'ԛ': 'q', 'ԝ': 'w', 'ӏ': 'l',
  'α': 'a', 'β': 'b', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x', 'ω': 'w',
  'ı': 'i', 'ł': 'l', 'ø': 'o', 'ß': 'ss',
  '\u0251': 'a', '\u026A': 'i', '\u1D00': 'a', '\u0299': 'b', '\u1D04': 'c', '\u1D05': 'd', '\u1D07': 'e', '\u0280': 'r',
};
const CONFUSABLE_PATTERN = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'gu');

export interface RevealedText {
  /** Text hidden in tag characters, decoded to ASCII (empty when none). */
  tagText: string;
  /** Invisible characters found between two letters or digits: how text is smuggled past a reader. */
  interleavedInvisible: number;
  bidiControls: number;
  /** Lower-cased, NFKC, look-alikes folded, invisibles removed, whitespace collapsed (tag text included). */
  folded: string;
  /** `folded` with everything but letters and digits removed: defeats "i g n o r e", "i.g.n.o.r.e", "ignore_previous". */
  squeezed: string;
}

export function decodeTagCharacters(text: string): string {
  let decoded = '';
  for (const match of text.matchAll(TAG_RUN)) {
    for (const char of match[0]) {
      const code = char.codePointAt(0)! - 0xe0000;
      if (code >= 0x20 && code <= 0x7e) decoded += String.fromCharCode(code);
    }
    decoded += ' ';
  }
  return decoded.trim();
}

export function countInterleavedInvisible(text: string): number {
  let count = 0;
  for (const match of text.matchAll(/[\p{L}\p{N}]([\u200B-\u200D\u2060-\u2064\uFEFF\u00AD\u180E\u034F]+)(?=[\p{L}\p{N}])/gu)) count += match[1]!.length;
  return count;
}

export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(INVISIBLE, '').replace(BIDI, '').replace(CONFUSABLE_PATTERN, (c) => CONFUSABLES[c] ?? c)
    .normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^\S\n]+/g, ' ');
}

export function reveal(text: string): RevealedText {
  const tagText = decodeTagCharacters(text);
  const folded = fold(`${text.replace(TAG_RUN, ' ')} ${tagText}`);
  return {
    tagText,
    interleavedInvisible: countInterleavedInvisible(text),
    bidiControls: (text.match(BIDI) ?? []).length,
    folded,
    squeezed: folded.replace(/[^\p{L}\p{N}]+/gu, ''),
  };
}

/** Every string inside a JSON value (keys too), up to `budget` characters in total. */
export function stringsIn(value: unknown, budget = 262_144): string[] {
  const out: string[] = [];
  let left = budget;
  const visit = (node: unknown, depth: number) => {
    if (left <= 0 || depth > 40) return;
    if (typeof node === 'string') {
      out.push(node.length > left ? node.slice(0, left) : node);
      left -= node.length;
    } else if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
    } else if (node && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        if (key.length > 24) visit(key, depth + 1);
        visit(item, depth + 1);
      }
    }
  };
  visit(value, 0);
  return out;
}
