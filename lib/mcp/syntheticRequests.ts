import { randomUUID } from 'node:crypto';
import { isObject } from './callRecord';

const TIMEOUT_MS = 10_000;

/**
 * Requests the recorder itself sends to the server (tools/list, for tool versions and schemas),
 * under ids no client can collide with, and the answers it keeps for itself instead of passing
 * them on to the client.
 */
export class SyntheticRequests {
  private readonly waiting = new Map<string, (response: Record<string, unknown>) => void>();
  private readonly prefix = `warden-recorder/${randomUUID()}/`;
  private count = 0;

  /** Sends `method` through `deliver` (as if from the client) and resolves with its result. */
  ask(method: string, params: Record<string, unknown>, deliver: (message: { jsonrpc: '2.0'; id: string; method: string; params: Record<string, unknown> }) => void): Promise<unknown> {
    const id = `${this.prefix}${++this.count}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${method} got no answer within ${TIMEOUT_MS} ms`));
      }, TIMEOUT_MS);
      timer.unref?.();
      this.waiting.set(id, (response) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        if (isObject(response.error)) reject(new Error(String(response.error.message)));
        else resolve(response.result);
      });
      deliver({ jsonrpc: '2.0', id, method, params });
    });
  }

  /**
   * Takes the server's response if it answers one of these requests, also one given up on (it came too late, or
   * after the connection was abandoned): the client never asked, and must not see it. False for every other message.
   */
  take(response: Record<string, unknown>): boolean {
    if (typeof response.id !== 'string' || !response.id.startsWith(this.prefix)) return false;
    this.waiting.get(response.id)?.(response);
    return true;
  }

  /** Gives up on every request still waiting (the connection closed: the server will not answer). */
  abandonAll(reason: string): void {
    for (const answer of [...this.waiting.values()]) answer({ error: { message: reason } });
  }
}
