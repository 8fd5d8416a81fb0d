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

  it('keeps a request that reuses a pending id behind the earlier one: answers go to them in arrival order', () => {
    for (const crowd of [0, 20]) { // in the short list, and past it in the map
      const pending = new PendingCalls();
      const others = Array.from({ length: crowd }, (_, n) => call(`other-${n}`));
      for (const other of others) pending.add(other);
      const [first, second, third] = [call(7), call(7), call(7)];
      pending.add(first);
      pending.add(call(8));
      pending.add(second);
      pending.add(third);
      expect(pending.size).toBe(crowd + 4);
      expect([first.idReused, second.idReused, third.idReused]).toEqual([true, true, true]);
      expect(pending.get(7)).toBe(first);
      pending.remove(first);
      expect(pending.get(7)).toBe(second);
      pending.remove(third); // ended another way (a cancellation) while still waiting behind
      expect(pending.values().filter((c) => c.id === 7)).toEqual([second]);
      pending.remove(second);
      expect(pending.get(7)).toBeUndefined();
      expect(pending.size).toBe(crowd + 1);
    }
  });
});
