import type { AgentPolicy } from '../policies';
import type { DetectionContext, DetectionExecution } from './types';

/** An execution for detector unit tests: a plain read_file call unless overridden. */
export function testExecution(overrides: Partial<DetectionExecution> = {}): DetectionExecution {
  return {
    seq: 1, timestamp: new Date('2026-11-23T10:00:00Z'), serverName: 'filesystem-mcp', method: 'tools/call', toolName: 'read_file',
    toolVersion: '2.1.0', inputSchemaHash: null, promptName: null, promptVersion: null, promptChecksum: null, prompt: null, model: null,
    userId: 'ana', sessionId: 'sess-1', agentId: 'agent-docs', arguments: { path: '/workspace/app/README.md' }, output: 'hello',
    isError: false, error: null, durationMs: 12, sideEffects: [{ kind: 'file_read', target: '/workspace/app/README.md' }],
    ...overrides,
  };
}

/**
 * A context for rule detectors without a database: agent policies and registry entries come from the
 * maps given (absent → none, as when nothing is registered); other memoised loads run. Statistical
 * detectors need the real database (see test/integration/detections*.test.ts).
 */
export function ruleContext(options: { policies?: Record<string, AgentPolicy>; tools?: Record<string, unknown> } = {}): DetectionContext {
  return {
    environment: 'staging',
    query: async () => {
      throw new Error('rule detectors under test must not query the database');
    },
    memo: async <T>(key: string, load: () => Promise<T>): Promise<T> => {
      if (key.startsWith('policy:') && key !== 'policy:default') return (options.policies?.[key.slice(7)] ?? null) as T;
      if (key.startsWith('tool:')) return (options.tools?.[key.slice(5)] ?? null) as T;
      return load();
    },
  };
}
