import type { Outcome, PendingCall } from './callRecord';

/** A task-augmented call whose outcome is still to come, and how to record it once it does. */
export interface TaskWatch {
  taskId: string;
  call: PendingCall;
  /** Last status the server gave (`working`, `input_required`, `completed`, …). */
  status: string;
  /** performance.now() past which the task has outlived its ttl; undefined when it has none. */
  expiresAt: number | undefined;
  /** The connection the task was created on (an error answered on another one does not end it). */
  owner: unknown;
  /** Emits the call's one record on the connection it came in on. */
  finish(outcome: Outcome, attributes: Record<string, unknown>): void;
}

/** More tasks than this in flight on one recorder: the oldest is recorded as no longer followed. */
const MAX_TASKS = 10_000;

/**
 * Task-augmented calls (MCP tasks) between the task handle the server answered with and their outcome, for
 * every connection of one recorder: a client may fetch a task's result on another connection than the one
 * that created it (a stateless Streamable HTTP server has a connection per request).
 */
export class PendingTasks {
  private readonly byId = new Map<string, TaskWatch>();

  /** `onAdded` runs after a task is added (the recorder starts sweeping ttls). */
  constructor(private readonly onAdded: () => void = () => {}) {}

  get size(): number {
    return this.byId.size;
  }

  has(taskId: string): boolean {
    return this.byId.has(taskId);
  }

  add(watch: TaskWatch): void {
    const earlier = this.byId.get(watch.taskId);
    if (earlier) this.end(earlier, { kind: 'abandoned', reason: `the server created task ${watch.taskId} again`, flag: 'timed_out' });
    if (this.byId.size >= MAX_TASKS) {
      const oldest = this.byId.values().next().value!;
      this.end(oldest, { kind: 'abandoned', reason: `no longer followed: more than ${MAX_TASKS} tasks in flight`, flag: 'timed_out' });
    }
    this.byId.set(watch.taskId, watch);
    this.onAdded();
  }

  /** Removes and returns the task's watch. */
  take(taskId: string): TaskWatch | undefined {
    const watch = this.byId.get(taskId);
    if (watch) this.byId.delete(taskId);
    return watch;
  }

  owner(taskId: string): unknown {
    return this.byId.get(taskId)?.owner;
  }

  /** Records the task with this outcome (if it is still followed). */
  settle(taskId: string, outcome: Outcome, status?: string): void {
    const watch = this.take(taskId);
    if (!watch) return;
    if (status !== undefined) watch.status = status;
    this.end(watch, outcome);
  }

  status(taskId: string, status: string): void {
    const watch = this.byId.get(taskId);
    if (watch) watch.status = status;
  }

  /** Ends tasks past their ttl with no outcome seen. */
  sweep(now: number): void {
    for (const watch of this.byId.values()) {
      if (watch.expiresAt !== undefined && now > watch.expiresAt) {
        this.end(watch, { kind: 'abandoned', reason: `task ${watch.taskId} outlived its ttl with no result delivered`, flag: 'timed_out' });
      }
    }
  }

  abandonAll(reason: string): void {
    for (const watch of [...this.byId.values()]) this.end(watch, { kind: 'abandoned', reason, flag: 'recorder_closed' });
  }

  private end(watch: TaskWatch, outcome: Outcome): void {
    this.byId.delete(watch.taskId);
    watch.finish(outcome, { task_id: watch.taskId, task_status: watch.status });
  }
}
