import type { JsonRpcId, PendingCall } from './callRecord';

/** Beyond this many calls in flight on one connection, lookups go through a Map. */
const FEW = 16;

/**
 * The calls of one connection waiting for their answer, by JSON-RPC id, in arrival order. A client
 * rarely has more than a few calls in flight, and a Map that gains and loses an entry on every call
 * keeps reallocating its table: a short array scanned from the newest end costs a fraction of that.
 * A burst of concurrent calls spills into a Map, so a busy connection never degrades to long scans.
 */
export class PendingCalls {
  private readonly few: PendingCall[] = [];
  private many: Map<JsonRpcId, PendingCall> | null = null;

  get size(): number {
    return this.few.length + (this.many?.size ?? 0);
  }

  get(id: JsonRpcId): PendingCall | undefined {
    const few = this.few;
    for (let i = few.length - 1; i >= 0; i--) if (few[i]!.id === id) return few[i];
    return this.many === null ? undefined : this.many.get(id);
  }

  /** A second request under an id still pending replaces the first, as a Map would. */
  add(call: PendingCall): void {
    const earlier = this.get(call.id);
    if (earlier) this.remove(earlier);
    if (this.few.length < FEW && (this.many === null || this.many.size === 0)) this.few.push(call);
    else (this.many ??= new Map()).set(call.id, call);
  }

  remove(call: PendingCall): void {
    const few = this.few;
    const last = few.length - 1;
    if (last >= 0 && few[last] === call) {
      few.pop();
      return;
    }
    const index = few.indexOf(call);
    if (index >= 0) few.splice(index, 1);
    else if (this.many?.get(call.id) === call) this.many.delete(call.id);
  }

  /** Oldest first. */
  values(): PendingCall[] {
    return this.many === null || this.many.size === 0 ? [...this.few] : [...this.few, ...this.many.values()];
  }

  clear(): void {
    this.few.length = 0;
    this.many = null;
  }
}
