/**
 * Word diffs of prompt text, framework-free: the CLI prints them (`warden prompt diff`), drift alerts
 * and the console compare with them. Lines are aligned first (Myers), then the words inside each
 * changed block, so a one-word change in a 100 KB prompt costs microseconds and reads like
 * `git diff --word-diff=plain`: `[-removed-]{+added+}`.
 */

export type SegmentKind = 'equal' | 'delete' | 'insert';
export interface Segment { kind: SegmentKind; text: string }

interface Edit { kind: SegmentKind; a: number; b: number }

// Beyond this many edits between two sequences, alignment stops and the rest counts as replaced:
// memory stays bounded (the trace grows with the square of the edits) whatever the input.
const MAX_EDITS = 2000;

/** Myers' O(ND) shortest edit script between two sequences of strings, as one edit per element. */
function editScript(a: readonly string[], b: readonly string[]): Edit[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const middle = alignMiddle(a.slice(start, endA), b.slice(start, endB));
  const edits: Edit[] = [];
  for (let i = 0; i < start; i++) edits.push({ kind: 'equal', a: i, b: i });
  for (const edit of middle) edits.push({ kind: edit.kind, a: edit.a + start, b: edit.b + start });
  for (let i = 0; i < a.length - endA; i++) edits.push({ kind: 'equal', a: endA + i, b: endB + i });
  return edits;
}

function alignMiddle(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const replaced = (): Edit[] => [
    ...a.map((_, i) => ({ kind: 'delete' as const, a: i, b: 0 })), ...b.map((_, j) => ({ kind: 'insert' as const, a: n, b: j })),
  ];
  if (n === 0 || m === 0) return replaced();
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    // Only diagonals -d-1 … d+1 are read back for step d: keep that window, not the whole vector.
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[offset + k] = x; // diagonals of this step's parity only: the other parity is still last step's
      if (x >= n && y >= m) { found = d; break; }
    }
  }
  if (found < 0) return replaced();
  // Walk the trace back from (n, m).
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const window = trace[d]!;
    const at = (diagonal: number) => window[diagonal + d + 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) { x--; y--; edits.push({ kind: 'equal', a: x, b: y }); }
    if (down) { y--; edits.push({ kind: 'insert', a: x, b: y }); } else { x--; edits.push({ kind: 'delete', a: x, b: y }); }
  }
  while (x > 0 && y > 0) { x--; y--; edits.push({ kind: 'equal', a: x, b: y }); }
  return edits.reverse();
}

/** Words (letters, digits, _), runs of spaces, line breaks and single punctuation marks. */
export function tokenize(text: string): string[] {
  return text.match(/\n|[^\S\n]+|[\p{L}\p{N}\p{M}_]+|[^\s\p{L}\p{N}\p{M}_]/gu) ?? [];
}

function pushSegment(segments: Segment[], kind: SegmentKind, text: string) {
  if (!text) return;
  const last = segments[segments.length - 1];
  if (last && last.kind === kind) last.text += text;
  else segments.push({ kind, text });
}

/** Length of the common start of `a` and `b`, cut back to a whitespace boundary so no word is split. */
function sharedHead(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length && i === b.length) return i;
  while (i > 0 && !/\s/.test(a[i - 1]!)) i--;
  return i;
}

function sharedTail(a: string, b: string, head: number): number {
  const limit = Math.min(a.length, b.length) - head;
  let i = 0;
  while (i < limit && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  while (i > 0 && !/\s/.test(a[a.length - i]!)) i--;
  return i;
}

/** Word-level segments turning `a` into `b`; deletions come before insertions at each change. */
export function diffWords(a: string, b: string): Segment[] {
  // Long prompts usually differ in a few words: tokenize only the part between the shared ends.
  const head = sharedHead(a, b);
  const tail = head === a.length && head === b.length ? 0 : sharedTail(a, b, head);
  const segments: Segment[] = [];
  pushSegment(segments, 'equal', a.slice(0, head));
  const middle = diffTokens(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  for (const segment of middle) pushSegment(segments, segment.kind, segment.text);
  pushSegment(segments, 'equal', a.slice(a.length - tail));
  return segments;
}

function diffTokens(a: string, b: string): Segment[] {
  const ta = tokenize(a);
  const tb = tokenize(b);
  const segments: Segment[] = [];
  let deleted = '';
  let inserted = '';
  const flush = () => {
    pushSegment(segments, 'delete', deleted);
    pushSegment(segments, 'insert', inserted);
    deleted = '';
    inserted = '';
  };
  for (const edit of editScript(ta, tb)) {
    if (edit.kind === 'equal') {
      flush();
      pushSegment(segments, 'equal', ta[edit.a]!);
    } else if (edit.kind === 'delete') deleted += ta[edit.a]!;
    else inserted += tb[edit.b]!;
  }
  flush();
  return segments;
}

export interface DiffLine {
  kind: 'context' | 'change';
  /** 1-based line numbers on each side where the line starts (null: the line does not exist on that side). */
  oldLine: number | null;
  newLine: number | null;
  segments: Segment[];
}

export interface Hunk { oldStart: number; oldCount: number; newStart: number; newCount: number; lines: DiffLine[] }

const splitLines = (text: string) => (text === '' ? [] : text.split('\n'));

/** Every line of the word diff, unchanged lines included (callers fold them into hunks). */
export function wordDiffLines(a: string, b: string): DiffLine[] {
  const la = splitLines(a);
  const lb = splitLines(b);
  const lines: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  let blockA: string[] = [];
  let blockB: string[] = [];
  const flushBlock = () => {
    if (blockA.length === 0 && blockB.length === 0) return;
    // Words of the whole block, then cut back into display lines at every line break.
    let current: DiffLine = { kind: 'change', oldLine: blockA.length ? oldLine : null, newLine: blockB.length ? newLine : null, segments: [] };
    let oldSeen = 0;
    let newSeen = 0;
    for (const segment of diffWords(blockA.join('\n'), blockB.join('\n'))) {
      const parts = segment.text.split('\n');
      parts.forEach((part, index) => {
        if (index > 0) {
          lines.push(current);
          if (segment.kind !== 'insert') oldSeen++;
          if (segment.kind !== 'delete') newSeen++;
          current = {
            kind: 'change', oldLine: oldSeen < blockA.length ? oldLine + oldSeen : null, newLine: newSeen < blockB.length ? newLine + newSeen : null, segments: [],
          };
        }
        pushSegment(current.segments, segment.kind, part);
      });
    }
    lines.push(current);
    oldLine += blockA.length;
    newLine += blockB.length;
    blockA = [];
    blockB = [];
  };
  for (const edit of editScript(la, lb)) {
    if (edit.kind === 'equal') {
      flushBlock();
      lines.push({ kind: 'context', oldLine: oldLine++, newLine: newLine++, segments: [{ kind: 'equal', text: la[edit.a]! }] });
    } else if (edit.kind === 'delete') blockA.push(la[edit.a]!);
    else blockB.push(lb[edit.b]!);
  }
  flushBlock();
  return lines;
}

const oldSpan = (line: DiffLine) => (line.kind === 'context' || line.segments.some((s) => s.kind !== 'insert') ? 1 : 0);
const newSpan = (line: DiffLine) => (line.kind === 'context' || line.segments.some((s) => s.kind !== 'delete') ? 1 : 0);

/** Changed lines with `context` unchanged lines around them; far-apart changes get their own hunk. */
export function wordDiffHunks(a: string, b: string, context = 3): Hunk[] {
  const lines = wordDiffLines(a, b);
  const changed = lines.flatMap((line, index) => (line.kind === 'change' ? [index] : []));
  const hunks: Hunk[] = [];
  let i = 0;
  while (i < changed.length) {
    const first = Math.max(0, changed[i]! - context);
    let last = Math.min(lines.length - 1, changed[i]! + context);
    while (i + 1 < changed.length && changed[i + 1]! - context <= last + 1) {
      i++;
      last = Math.min(lines.length - 1, changed[i]! + context);
    }
    i++;
    const slice = lines.slice(first, last + 1);
    const before = lines.slice(0, first);
    const oldStart = before.reduce((sum, line) => sum + oldSpan(line), 0) + 1;
    const newStart = before.reduce((sum, line) => sum + newSpan(line), 0) + 1;
    const oldCount = slice.reduce((sum, line) => sum + oldSpan(line), 0);
    const newCount = slice.reduce((sum, line) => sum + newSpan(line), 0);
    hunks.push({ oldStart: oldCount ? oldStart : oldStart - 1, oldCount, newStart: newCount ? newStart : newStart - 1, newCount, lines: slice });
  }
  return hunks;
}

export interface FormatOptions {
  /** `--- ` and `+++ ` header names. */
  oldLabel: string;
  newLabel: string;
  context?: number;
  /** ANSI colours (red deletions, green insertions) instead of the [- -] {+ +} markers' plain form. */
  color?: boolean;
}

const range = (start: number, count: number) => (count === 1 ? `${start}` : `${start},${count}`);

function renderSegment(segment: Segment, color: boolean): string {
  if (segment.kind === 'equal') return segment.text;
  if (color) return segment.kind === 'delete' ? `\u001b[31m[-${segment.text}-]\u001b[0m` : `\u001b[32m{+${segment.text}+}\u001b[0m`;
  return segment.kind === 'delete' ? `[-${segment.text}-]` : `{+${segment.text}+}`;
}

/** `git diff --word-diff=plain` style text; empty when the two are equal. Deterministic: safe to paste into a review. */
export function formatWordDiff(a: string, b: string, options: FormatOptions): string {
  const hunks = wordDiffHunks(a, b, options.context ?? 3);
  if (hunks.length === 0) return '';
  const out = [`--- ${options.oldLabel}`, `+++ ${options.newLabel}`];
  for (const hunk of hunks) {
    out.push(`@@ -${range(hunk.oldStart, hunk.oldCount)} +${range(hunk.newStart, hunk.newCount)} @@`);
    for (const line of hunk.lines) out.push(line.segments.map((segment) => renderSegment(segment, options.color ?? false)).join(''));
  }
  return out.join('\n') + '\n';
}

/** Parameters as sorted, indented JSON lines, so their diff is per key. */
export function parametersText(parameters: unknown): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
    }
    return value;
  };
  return JSON.stringify(sortKeys(parameters ?? {}), null, 2);
}
