export function CodeBlock({ title, code }: { title: string; code: string }) {
  return (
    <figure className="mt-4">
      <figcaption className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</figcaption>
      <pre className="mt-1 overflow-x-auto rounded-lg bg-slate-900 p-4 font-mono text-xs text-slate-100">{code}</pre>
    </figure>
  );
}
