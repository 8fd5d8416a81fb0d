import type { Environment } from '../environment';

export interface IngestSnippets {
  ingestUrl: string;
  vector: string;
  fluentBit: string;
  curl: string;
}

/**
 * Ready-to-paste shipper configuration for a new ingest token, with the token written in (it is
 * shown once; the page says to move it into a secret store). `origin` is how the browser reached
 * Warden, e.g. `https://warden.example.com`.
 */
export function ingestSnippets(origin: string, token: string, environment: Environment): IngestSnippets {
  const url = new URL('/api/v1/ingest', origin);
  const tls = url.protocol === 'https:';
  const port = url.port || (tls ? '443' : '80');
  const ingestUrl = url.toString();
  const vector = [
    `# Vector: send MCP execution records to Warden (${environment})`,
    '[sinks.warden]',
    'type = "http"',
    'inputs = ["mcp_logs"]            # your source or transform',
    `uri = "${ingestUrl}"`,
    'method = "post"',
    'compression = "gzip"',
    'encoding.codec = "json"',
    'framing.method = "newline_delimited"',
    'auth.strategy = "bearer"',
    `auth.token = "${token}"`,
    'batch.max_events = 1000',
    '',
  ].join('\n');
  const fluentBit = [
    `# Fluent Bit: send MCP execution records to Warden (${environment})`,
    '[OUTPUT]',
    '    Name              http',
    '    Match             mcp.*',
    `    Host              ${url.hostname}`,
    `    Port              ${port}`,
    `    URI               ${url.pathname}`,
    ...(tls ? ['    tls               On', '    tls.verify        On'] : []),
    '    Format            json_lines',
    '    json_date_key     date',
    '    json_date_format  double',
    '    compress          gzip',
    `    Header            Authorization Bearer ${token}`,
    '    Retry_Limit       no_limits',
    '',
  ].join('\n');
  const sample = JSON.stringify({ timestamp: '2026-01-01T00:00:00Z', method: 'tools/call', tool_name: 'warden_setup_check', environment });
  const curl = [
    `curl -sS -X POST '${ingestUrl}' \\`,
    `  -H 'Authorization: Bearer ${token}' \\`,
    `  -H 'Content-Type: application/x-ndjson' \\`,
    `  --data-binary '${sample}'`,
  ].join('\n');
  return { ingestUrl, vector, fluentBit, curl };
}
