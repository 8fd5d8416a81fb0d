/**
 * Polls Warden's `GET /api/v1/releases/active?env=…` (a `registry:read` token of that environment) with
 * `If-None-Match`, so an idle poll costs a 304. The demo server uses it (optional) to report the live
 * release: a promotion or a rollback in the console changes what the server says within one interval.
 * No Next.js or database code: it is what any MCP server or gateway would run.
 */
export interface LiveRelease {
  environment: string;
  release: { id: string; name: string; content_hash: string; tools: Array<{ name: string; version: string; input_schema_hash: string }>; prompts: Array<{ name: string; version: number }> } | null;
  model: { provider: string; model_id: string; config: string; config_version: number; fallback_index: number | null } | null;
  deployment: { id: number; kind: string; reason: string; actor: string; deployed_at: string } | null;
}

export interface ReleasePollerOptions {
  url: string;
  token: string;
  environment: 'staging' | 'production';
  intervalMs?: number;
  onChange?: (release: LiveRelease) => void;
  onError?: (error: Error) => void;
  fetchImpl?: typeof fetch;
}

export class ReleasePoller {
  private etag: string | null = null;
  private latest: LiveRelease | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private fetchedAt: Date | null = null;
  private failingSince: Date | null = null;
  private settleFirst: () => void = () => {};
  /** Settles after the first poll, answered or not (a server may wait for it before it takes calls). */
  readonly firstPoll = new Promise<void>((resolve) => (this.settleFirst = resolve));

  constructor(private readonly options: ReleasePollerOptions) {}

  current(): LiveRelease | null {
    return this.latest;
  }

  /** When Warden last answered, and since when it has not (null while it answers). */
  freshness(): ReleaseFreshness {
    return { fetched_at: this.fetchedAt?.toISOString() ?? null, failing_since: this.failingSince?.toISOString() ?? null };
  }

  /** One poll; true when the release (or its deployment) changed. */
  async poll(): Promise<boolean> {
    const doFetch = this.options.fetchImpl ?? fetch;
    const response = await doFetch(`${this.options.url.replace(/\/$/, '')}/api/v1/releases/active?env=${this.options.environment}`, {
      headers: { authorization: `Bearer ${this.options.token}`, ...(this.etag ? { 'if-none-match': this.etag } : {}) },
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 304) return this.answered(false);
    if (!response.ok) throw new Error(`active release: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
    this.etag = response.headers.get('etag');
    this.latest = (await response.json()) as LiveRelease;
    this.options.onChange?.(this.latest);
    return this.answered(true);
  }

  private answered(changed: boolean): boolean {
    this.fetchedAt = new Date();
    this.failingSince = null;
    return changed;
  }

  start(): this {
    const tick = () => {
      if (this.stopped) return;
      this.poll().catch((error: Error) => {
        this.failingSince ??= new Date();
        this.options.onError?.(error);
      }).finally(() => {
        this.settleFirst();
        if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? 5_000).unref();
      });
    };
    tick();
    return this;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}

export interface ReleaseFreshness { fetched_at: string | null; failing_since: string | null }

/**
 * One line for people: "release r-2 (read_file@2.0.0, …) · model anthropic/claude-sonnet-4", saying so when
 * Warden has not answered yet or no longer answers (the release shown may then be out of date).
 */
export function describeLiveRelease(live: LiveRelease | null, freshness?: ReleaseFreshness): string {
  if (!live && freshness && !freshness.fetched_at) return `the live release is not known: Warden has not answered${freshness.failing_since ? ` (failing since ${freshness.failing_since})` : ' yet'}`;
  const stale = freshness?.failing_since ? ` — as of ${freshness.fetched_at}: Warden has not answered since ${freshness.failing_since}` : '';
  if (!live?.release) return `no release is live in ${live?.environment ?? 'this environment'}${stale}`;
  const tools = live.release.tools.map((tool) => `${tool.name}@${tool.version}`).join(', ');
  const model = live.model ? ` · model ${live.model.provider}/${live.model.model_id}${live.model.fallback_index !== null ? ` (fallback ${live.model.fallback_index + 1})` : ''}` : '';
  return `release ${live.release.name} in ${live.environment} (${tools || 'no tools'})${model}${stale}`;
}
