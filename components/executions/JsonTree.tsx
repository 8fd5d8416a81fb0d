// JSON as a collapsible tree: every string is rendered as React text (escaped), never as HTML.
const MAX_CHILDREN = 500;

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="text-slate-400">null</span>;
  if (typeof value === 'string') return <span className="whitespace-pre-wrap break-all text-emerald-800">&quot;{value}&quot;</span>;
  return <span className="text-sky-800">{String(value)}</span>;
}

export function JsonTree({ value, depth = 0 }: { value: unknown; depth?: number }) {
  if (value === null || typeof value !== 'object') return <Scalar value={value} />;
  const isArray = Array.isArray(value);
  const entries: Array<[string, unknown]> = isArray ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  if (entries.length === 0) return <span className="text-slate-500">{isArray ? '[]' : '{}'}</span>;
  const summary = isArray ? `[ ${entries.length} ${entries.length === 1 ? 'item' : 'items'} ]` : `{ ${entries.length} ${entries.length === 1 ? 'key' : 'keys'} }`;
  return (
    <details open={depth < 3} className="inline-block align-top">
      <summary className="cursor-pointer text-slate-500">{summary}</summary>
      <ul className="ml-2 border-l border-slate-200 pl-3">
        {entries.slice(0, MAX_CHILDREN).map(([key, child]) => (
          <li key={key}>
            <span className={isArray ? 'text-slate-400' : 'font-medium text-slate-700'}>{isArray ? key : JSON.stringify(key)}: </span>
            <JsonTree value={child} depth={depth + 1} />
          </li>
        ))}
        {entries.length > MAX_CHILDREN && <li className="text-slate-500">… {entries.length - MAX_CHILDREN} more (see the raw JSON)</li>}
      </ul>
    </details>
  );
}

/** A JSON value as a tree, with the exact pretty-printed JSON one click away. */
export function JsonView({ value }: { value: unknown }) {
  return (
    <div className="space-y-2 font-mono text-xs">
      <JsonTree value={value} />
      <details>
        <summary className="cursor-pointer font-sans text-xs text-slate-500">Raw JSON</summary>
        <pre className="mt-1 max-h-96 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-3 text-slate-100">{JSON.stringify(value, null, 2)}</pre>
      </details>
    </div>
  );
}
