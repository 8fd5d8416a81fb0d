import { describe, expect, it } from 'vitest';
import type { Outcome, PendingCall } from './callRecord';
import { PendingTasks, type TaskWatch } from './pendingTasks';

function watch(taskId: string, expiresAt: number | undefined, ended: Array<{ taskId: string; outcome: Outcome; attributes: Record<string, unknown> }>): TaskWatch {
  const call: PendingCall = { id: taskId, method: 'tools/call', params: { name: 't', task: {} }, startedAt: 0, t0: 0, userId: undefined };
  return { taskId, call, status: 'working', expiresAt, owner: null, finish: (outcome, attributes) => ended.push({ taskId, outcome, attributes }) };
}

describe('PendingTasks', () => {
  it('ends each task once: settled, past its ttl, or with the recorder', () => {
    const ended: Array<{ taskId: string; outcome: Outcome; attributes: Record<string, unknown> }> = [];
    const tasks = new PendingTasks();
    tasks.add(watch('a', 100, ended));
    tasks.add(watch('b', undefined, ended));
    tasks.add(watch('c', 500, ended));
    tasks.status('c', 'input_required');
    tasks.sweep(99);
    expect(ended).toEqual([]);
    tasks.sweep(101);
    expect(ended).toEqual([{ taskId: 'a', outcome: expect.objectContaining({ kind: 'abandoned', flag: 'timed_out' }), attributes: { task_id: 'a', task_status: 'working' } }]);
    tasks.settle('b', { kind: 'result', result: { content: [] } }, 'completed');
    tasks.settle('b', { kind: 'result', result: { content: [] } }, 'completed'); // already recorded: nothing more
    expect(ended.slice(1)).toEqual([{ taskId: 'b', outcome: { kind: 'result', result: { content: [] } }, attributes: { task_id: 'b', task_status: 'completed' } }]);
    tasks.abandonAll('recorder closed');
    expect(ended.slice(2)).toEqual([{ taskId: 'c', outcome: { kind: 'abandoned', reason: 'recorder closed', flag: 'recorder_closed' }, attributes: { task_id: 'c', task_status: 'input_required' } }]);
    expect(tasks.size).toBe(0);
  });

  it('records a task created again under the same id, and bounds how many it follows', () => {
    const ended: Array<{ taskId: string; outcome: Outcome; attributes: Record<string, unknown> }> = [];
    const tasks = new PendingTasks();
    tasks.add(watch('x', undefined, ended));
    tasks.add(watch('x', undefined, ended));
    expect(ended).toEqual([expect.objectContaining({ taskId: 'x', outcome: expect.objectContaining({ reason: 'the server created task x again' }) })]);
    for (let i = 0; i < 10_000; i++) tasks.add(watch(`t${i}`, undefined, ended));
    expect(tasks.size).toBe(10_000);
    expect(ended[1]).toEqual(expect.objectContaining({ taskId: 'x', outcome: expect.objectContaining({ reason: 'no longer followed: more than 10000 tasks in flight' }) }));
    expect(tasks.has('x')).toBe(false);
    expect(tasks.has('t9999')).toBe(true);
  });
});
