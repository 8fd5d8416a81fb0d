import { describe, expect, it } from 'vitest';
import type { PendingCall } from './callRecord';
import { PendingCalls } from './pendingCalls';

const call = (id: string | number): PendingCall => ({ id, method: 'tools/call', params: {}, startedAt: 0, t0: 0, userId: undefined, tool: undefined, sideEffects: undefined, reportedAs: undefined });

describe('PendingCalls', () => {
  it('finds, removes and lists calls in arrival order, past the short list into the map and back', () => {
    const pending = new PendingCalls();
    const calls = Array.from({ length: 40 }, (_, n) => call(n % 2 === 0 ? n : `req-${n}`));
    for (const c of calls) pending.add(c);
    expect(pending.size).toBe(40);
    expect(pending.values()).toEqual(calls);
    for (const c of calls) expect(pending.get(c.id)).toBe(c);
    expect(pending.get('0')).toBeUndefined(); // ids are compared as they came: 0 and "0" are different requests
    for (const n of [39, 0, 17, 5, 20]) pending.remove(calls[n]!);
    expect(pending.values()).toEqual(calls.filter((_, n) => ![39, 0, 17, 5, 20].includes(n)));
    expect(pending.get(17)).toBeUndefined();
    for (const c of calls) pending.remove(c);
    expect(pending.size).toBe(0);
    const again = call(1);
    pending.add(again);
    expect(pending.values()).toEqual([again]);
    pending.clear();
    expect(pending.size).toBe(0);
  });

  it('lets a request that reuses a pending id replace the earlier one, as a Map would', () => {
    const pending = new PendingCalls();
    const first = call(7);
    const second = call(7);
    pending.add(first);
    pending.add(call(8));
    pending.add(second);
    expect(pending.size).toBe(2);
    expect(pending.get(7)).toBe(second);
    pending.remove(first); // already replaced: nothing happens
    expect(pending.get(7)).toBe(second);
  });
});
