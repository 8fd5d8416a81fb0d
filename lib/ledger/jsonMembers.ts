import { arena, ensure } from './documentArena';

// The members of one JSON object as jsonBytes.ts wrote them into the arena, and putting them in
// RFC 8785 order (by UTF-16 code units of the keys).

/**
 * A member as written, `"key":value` at arena.bytes[start, end). A key of ASCII characters without escapes
 * compares by its bytes; any other is decoded (once) for RFC 8785's UTF-16 order.
 */
export type Member = { start: number; keyEnd: number; end: number; simple: boolean; key: string | null };

function keyString(member: Member): string {
  return (member.key ??= JSON.parse(arena.bytes.toString('utf8', member.start, member.keyEnd)) as string);
}

export function compareKeys(a: Member, b: Member): number {
  if (a.simple && b.simple) {
    const length = Math.min(a.keyEnd - a.start, b.keyEnd - b.start) - 2;
    for (let i = 1; i <= length; i++) {
      const difference = arena.bytes[a.start + i]! - arena.bytes[b.start + i]!;
      if (difference !== 0) return difference;
    }
    return (a.keyEnd - a.start) - (b.keyEnd - b.start);
  }
  const [x, y] = [keyString(a), keyString(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Rewrites members [first, arena.at) in key order; of duplicate keys only the last stays, as with JSON.parse. */
export function reorder(first: number, members: Member[]): void {
  // Insertion sort: stable (duplicates keep their order), and objects are small.
  for (let i = 1; i < members.length; i++) {
    const member = members[i]!;
    let j = i - 1;
    for (; j >= 0 && compareKeys(members[j]!, member) > 0; j--) members[j + 1] = members[j]!;
    members[j + 1] = member;
  }
  // Decided before the bytes they compare are overwritten below.
  const kept: Member[] = [];
  for (let i = 0; i < members.length; i++) if (i + 1 === members.length || compareKeys(members[i + 1]!, members[i]!) !== 0) kept.push(members[i]!);
  // The unwritten space after the object serves as scratch: copy it there, then back in order
  // (a loop for short members, where it beats copyWithin's call).
  const length = arena.at - first;
  ensure(length);
  const target = arena.bytes;
  target.copyWithin(arena.at, first, arena.at);
  let write = first;
  for (const member of kept) {
    if (write > first) target[write++] = 0x2c;
    const from = member.start + length;
    const to = member.end + length;
    if (to - from > 48) {
      target.copyWithin(write, from, to);
      write += to - from;
    } else {
      for (let i = from; i < to; i++) target[write++] = target[i]!;
    }
  }
  arena.at = write;
}

