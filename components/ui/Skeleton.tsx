/** Placeholder blocks shown while a section's data loads. */
export function SectionSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading" className="animate-pulse space-y-4">
      <div className="h-8 w-64 rounded bg-slate-200" />
      <div className="h-4 w-96 rounded bg-slate-200" />
      <div className="h-48 rounded-xl bg-slate-200" />
    </div>
  );
}
