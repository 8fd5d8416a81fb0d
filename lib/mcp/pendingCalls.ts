import type { JsonRpcId, PendingCall } from './callRecord';

/** Beyond this many calls in flight on one connection, lookups go through a Map. */
const FEW = 16;

/**
 * The calls of one connection waiting for their answer, by JSON-RPC id, in arrival order. A client
 * rarely has more than a few calls in flight, and a Map that gains and loses an entry on every call
 * keeps reallocating its table: a short array scanned from the newest end costs a fraction of that.
 * A burst of concurrent calls spills into a Map, so a busy connection never degrades to long scans.
 *
 * A client that sends a second request under an id still pending breaks JSON-RPC, but the SDK runs
 * and answers both: the later call waits in `reused` until the earlier one is answered, so answers
 * go to calls in arrival order and every call keeps its record. Both calls are marked `idReused`.
 */
export class PendingCalls {
  private readonly few: PendingCall[] = [];
  private many: Map<JsonRpcId, PendingCall> | null = null;
  private reused: PendingCall[] | null = null;

  get size(): number {
    return this.few.length + (this.many?.size ?? 0) + (this.reused?.length ?? 0);
  }

  /** The earliest pending call under `id`. */
  get(id: JsonRpcId): PendingCall | undefined {
    const few = this.few;
    for (let i = few.length - 1; i >= 0; i--) if (few[i]!.id === id) return few[i];
    return this.many === null ? undefined : this.many.get(id);
  }

  /** The latest pending call under `id`: the one that came last while the id was in use. */
  latest(id: JsonRpcId): PendingCall | undefined {
    const reused = this.reused;
    if (reused !== null) for (let i = reused.length - 1; i >= 0; i--) if (reused[i]!.id === id) return reused[i];
    return this.get(id);
  }

  add(call: PendingCall): void {
    const earlier = this.get(call.id);
    if (earlier) {
      earlier.idReused = true;
      call.idReused = true;
      (this.reused ??= []).push(call);
    } else this.place(call);
  }

  remove(call: PendingCall): void {
    if (this.take(call) && this.reused !== null) {
      const next = this.reused.findIndex((waiting) => waiting.id === call.id);
      if (next >= 0) this.place(this.reused.splice(next, 1)[0]!);
    } else if (this.reused !== null) {
      const index = this.reused.indexOf(call);
      if (index >= 0) this.reused.splice(index, 1);
    }
  }

  /** Oldest first (calls under a reused id after the others). */
  values(): PendingCall[] {
    const placed = this.many === null || this.many.size === 0 ? [...this.few] : [...this.few, ...this.many.values()];
    return this.reused === null ? placed : [...placed, ...this.reused];
  }

  clear(): void {
    this.few.length = 0;
    this.many = null;
    this.reused = null;
  }

  private place(call: PendingCall): void {
    if (this.few.length < FEW && (this.many === null || this.many.size === 0)) this.few.push(call);
    else (this.many ??= new Map()).set(call.id, call);
  }

  /** Whether the call was one `get` finds (not one waiting behind it). */
  private take(call: PendingCall): boolean {
    const few = this.few;
    const last = few.length - 1;
    if (last >= 0 && few[last] === call) {
      few.pop();
      return true;
    }
    const index = few.indexOf(call);
    if (index >= 0) {
      few.splice(index, 1);
      return true;
    }
    if (this.many?.get(call.id) === call) {
      this.many.delete(call.id);
      return true;
    }
    return false;
  }
}
