import { describe, expect, it } from 'vitest';
import { diffWords, formatWordDiff, parametersText, tokenize, wordDiffHunks, wordDiffLines } from './wordDiff';

describe('word diff', () => {
  it('tokenizes words, spaces, line breaks and punctuation', () => {
    expect(tokenize('Hi, {{name}}!\n  ok')).toEqual(['Hi', ',', ' ', '{', '{', 'name', '}', '}', '!', '\n', '  ', 'ok']);
  });

  it('marks the one changed word and nothing else', () => {
    expect(diffWords('Decide priority and owner.', 'Decide severity and owner.')).toEqual([
      { kind: 'equal', text: 'Decide ' }, { kind: 'delete', text: 'priority' }, { kind: 'insert', text: 'severity' }, { kind: 'equal', text: ' and owner.' },
    ]);
  });

  it('prints git-style word diff hunks with stable headers', () => {
    const a = ['l1', 'l2', 'l3', 'l4', 'Decide priority and owner.', 'l6', 'l7', 'l8', 'l9'].join('\n');
    const b = a.replace('priority', 'severity');
    expect(formatWordDiff(a, b, { oldLabel: 'registered/triage@v2', newLabel: 'prompts/triage.md' })).toBe([
      '--- registered/triage@v2', '+++ prompts/triage.md', '@@ -2,7 +2,7 @@',
      'l2', 'l3', 'l4', 'Decide [-priority-]{+severity+} and owner.', 'l6', 'l7', 'l8', '',
    ].join('\n'));
    expect(formatWordDiff(a, a, { oldLabel: 'x', newLabel: 'y' })).toBe('');
  });

  it('numbers added and removed lines on the right side', () => {
    const lines = wordDiffLines('a\nb\nc', 'a\nc\nd');
    expect(lines.map((line) => [line.kind, line.oldLine, line.newLine])).toEqual([
      ['context', 1, 1], ['change', 2, null], ['context', 3, 2], ['change', null, 3],
    ]);
    expect(formatWordDiff('a\nb\nc', 'a\nc\nd', { oldLabel: 'o', newLabel: 'n', context: 0 })).toBe('--- o\n+++ n\n@@ -2 +1,0 @@\n[-b-]\n@@ -3,0 +3 @@\n{+d+}\n');
  });

  it('splits far-apart changes into separate hunks and merges close ones', () => {
    const a = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    const b = a.replace('line 2\n', 'line two\n').replace('line 30', 'line thirty');
    expect(wordDiffHunks(a, b).map((hunk) => [hunk.oldStart, hunk.oldCount])).toEqual([[1, 6], [28, 7]]);
    expect(wordDiffHunks(a, a.replace('line 2\n', 'x\n').replace('line 6\n', 'y\n'))).toHaveLength(1);
  });

  it('stays bounded on a complete rewrite of a long prompt', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `alpha${i}`).join(' ');
    const b = Array.from({ length: 3000 }, (_, i) => `beta${i}`).join(' ');
    const segments = diffWords(a, b);
    expect(segments.map((segment) => segment.kind).filter((kind) => kind !== 'equal').length).toBeGreaterThan(0);
    expect(segments.filter((s) => s.kind !== 'insert').map((s) => s.text).join('')).toBe(a);
    expect(segments.filter((s) => s.kind !== 'delete').map((s) => s.text).join('')).toBe(b);
  });

  it('reconstructs both texts from the segments, whatever the edit', () => {
    const pairs = [['', 'new text'], ['old text', ''], ['a b c d e', 'a x c y e z'], ['line\n\nbreaks\n', 'line\nbreaks\n\n'], ['日本語のテキスト', '日本語の文章']];
    for (const [a, b] of pairs) {
      const segments = diffWords(a!, b!);
      expect(segments.filter((s) => s.kind !== 'insert').map((s) => s.text).join('')).toBe(a);
      expect(segments.filter((s) => s.kind !== 'delete').map((s) => s.text).join('')).toBe(b);
    }
  });

  it('lays parameters out one key per line, sorted', () => {
    expect(parametersText({ top_p: 1, model: 'm' })).toBe('{\n  "model": "m",\n  "top_p": 1\n}');
  });
});
