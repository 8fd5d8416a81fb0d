import { isObject, responseOutcome, type JsonRpcId, type Outcome, type PendingCall } from './callRecord';
import type { PendingTasks } from './pendingTasks';

/**
 * One connection's part in following task-augmented calls (MCP tasks): a call answered with a task handle is
 * handed to the recorder's PendingTasks and recorded once its outcome is known — the answer to tasks/result, a
 * failed or cancelled status, its ttl running out, the recorder closing — not when the handle goes out.
 */
export class ConnectionTasks {
  /** tasks/result requests of this connection (JSON-RPC id → task id) for tasks the recorder follows. */
  private readonly results = new Map<JsonRpcId, string>();
  /** The calls of this connection that became tasks still followed, by their JSON-RPC id (side effects name it). */
  private readonly calls = new Map<JsonRpcId, PendingCall>();

  constructor(private readonly tasks: PendingTasks, private readonly finish: (call: PendingCall, outcome: Outcome, attributes: Record<string, unknown>) => void) {}

  /** A call's answer carried a task handle: true when the call is now followed as a task (and not to be recorded yet). */
  watch(call: PendingCall, task: unknown): boolean {
    if (!isObject(call.params) || call.params.task === undefined || !isObject(task) || typeof task.taskId !== 'string') return false;
    const ttl = typeof task.ttl === 'number' && task.ttl > 0 ? task.ttl : undefined;
    this.calls.set(call.id, call);
    this.tasks.add({
      taskId: task.taskId, call, status: typeof task.status === 'string' ? task.status : 'working', expiresAt: ttl === undefined ? undefined : performance.now() + ttl, owner: this,
      finish: (outcome, attributes) => {
        if (this.calls.get(call.id) === call) this.calls.delete(call.id);
        this.finish(call, outcome, attributes);
      },
    });
    this.status(task);
    return true;
  }

  resultRequested(id: JsonRpcId, params: unknown): void {
    if (isObject(params) && typeof params.taskId === 'string' && this.tasks.has(params.taskId)) this.results.set(id, params.taskId);
  }

  /** The answer to a tasks/result of a followed task (true: it ends the task), or a status in a tasks/get or tasks/cancel answer. */
  response(id: JsonRpcId, error: unknown, result: unknown): boolean {
    const taskId = this.results.get(id);
    if (taskId !== undefined) {
      this.results.delete(id);
      // An error answered to another connection is about that connection (another session's "task not found"),
      // not the task's outcome: the task goes on for the one that created it.
      if (error === undefined || this.tasks.owner(taskId) === this) this.tasks.settle(taskId, responseOutcome(error, result), error === undefined ? 'completed' : undefined);
      return true;
    }
    if (isObject(result) && typeof result.taskId === 'string') this.status(result);
    return false;
  }

  /** A failed or cancelled task is recorded at once; a completed one waits for the result tasks/result delivers. */
  status(task: unknown): void {
    if (!isObject(task) || typeof task.taskId !== 'string' || typeof task.status !== 'string') return;
    const detail = typeof task.statusMessage === 'string' ? `: ${task.statusMessage}` : '';
    if (task.status === 'failed') this.tasks.settle(task.taskId, { kind: 'error', code: undefined, message: `task failed${detail}` }, 'failed');
    else if (task.status === 'cancelled') this.tasks.settle(task.taskId, { kind: 'abandoned', reason: `task cancelled${detail}`, flag: 'cancelled' }, 'cancelled');
    else this.tasks.status(task.taskId, task.status);
  }

  /** A call of this connection that became a task still followed: side effects reported while it runs belong to it. */
  callOf(id: JsonRpcId): PendingCall | undefined {
    return this.calls.get(id);
  }

  /** The connection closed: tasks outlive it (their result may be fetched on another); the recorder ends them. */
  clear(): void {
    this.results.clear();
  }
}
