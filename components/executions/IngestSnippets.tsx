import { CodeBlock } from '@/components/ui/CodeBlock';

export function IngestSnippets({ ingestUrl }: { ingestUrl: string }) {
  const url = new URL(ingestUrl);
  const vector = `[sinks.warden]
type = "http"
inputs = ["mcp_logs"]
uri = "${ingestUrl}"
encoding.codec = "json"
framing.method = "newline_delimited"
auth.strategy = "bearer"
auth.token = "\${WARDEN_INGEST_TOKEN}"`;
  const fluentBit = `[OUTPUT]
    Name    http
    Match   mcp.*
    Host    ${url.hostname}
    Port    ${url.port || (url.protocol === 'https:' ? '443' : '80')}
    URI     ${url.pathname}
    Format  json_lines
    Header  Authorization Bearer \${WARDEN_INGEST_TOKEN}${url.protocol === 'https:' ? '\n    tls     On' : ''}`;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <CodeBlock title="Vector (http sink)" code={vector} />
      <CodeBlock title="Fluent Bit (http output)" code={fluentBit} />
    </div>
  );
}
