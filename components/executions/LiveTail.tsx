'use client';

import { useEffect, useRef, useState } from 'react';
import { ResultsTable } from './ResultsTable';
import type { ExecutionRowView } from './executionViews';

const POLL_MS = 2000;
const KEEP_ROWS = 200;

type ApiItem = {
  environment: string; seq: number; timestamp: string; server_name: string | null; method: string | null; tool_name: string | null;
  tool_version: string | null; user_id: string | null; session_id: string | null; agent_id: string | null; model: string | null;
  is_error: boolean; duration_ms: number | null;
};

const fromApi = (item: ApiItem): ExecutionRowView => ({
  environment: item.environment, seq: item.seq, timestamp: item.timestamp, serverName: item.server_name, method: item.method,
  toolName: item.tool_name, toolVersion: item.tool_version, userId: item.user_id, sessionId: item.session_id, agentId: item.agent_id,
  model: item.model, isError: item.is_error, durationMs: item.duration_ms,
});

/**
 * Live tail of the current filter: polls GET /api/v1/executions with `since` every 2 s and shows
 * what arrived, newest first. `apiQuery` is the filter's query string (environment included).
 */
export function LiveTail({ apiQuery }: { apiQuery: string }) {
  const [on, setOn] = useState(false);
  const [rows, setRows] = useState<ExecutionRowView[]>([]);
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null);
  const since = useRef(-1);

  useEffect(() => {
    if (!on) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    since.current = -1;
    setRows([]);
    const poll = async () => {
      try {
        const response = await fetch(`/api/v1/executions?${apiQuery}${apiQuery ? '&' : ''}since=${since.current}&limit=100`, { cache: 'no-store' });
        const body = await response.json().catch(() => ({}));
        if (!response.ok) {
          setStatus({ text: `Live tail stopped: ${body.message ?? `HTTP ${response.status}`}`, failed: true });
          if (response.status < 500) return setOn(false);
        } else {
          since.current = body.since;
          const items = (body.items as ApiItem[]).map(fromApi);
          if (items.length > 0) setRows((previous) => [...items, ...previous].slice(0, KEEP_ROWS));
          setStatus({ text: `Checked ${new Date().toISOString().slice(11, 19)} UTC${body.truncated ? ' — more arrived than one poll shows; the newest are listed' : ''}`, failed: false });
        }
      } catch {
        setStatus({ text: 'Live tail: the server did not answer; retrying', failed: true });
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [on, apiQuery]);

  return (
    <section className="space-y-3" data-testid="live-tail">
      <div className="flex items-center gap-3">
        <button type="button" aria-pressed={on} onClick={() => setOn(!on)}
          className={`rounded-md border px-3 py-1.5 text-sm font-medium ${on ? 'border-emerald-600 bg-emerald-50 text-emerald-800' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`}>
          {on ? '● Live tail on' : 'Live tail'}
        </button>
        {status && <span role="status" className={`text-xs ${status.failed ? 'text-rose-700' : 'text-slate-500'}`}>{status.text}</span>}
      </div>
      {on && (rows.length > 0
        ? <ResultsTable rows={rows} testId="live-tail-table" />
        : <p className="text-sm text-slate-500">Waiting for executions that match these filters…</p>)}
    </section>
  );
}
