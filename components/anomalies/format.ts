// UTC everywhere: the server renders these too, and a browser in another zone must print the same text.
export function formatTime(ms: number, spanMs: number): string {
  const iso = new Date(ms).toISOString();
  if (spanMs <= 36 * 3_600_000) return `${iso.slice(11, 16)}`;
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}
export const formatFull = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
export const formatNumber = (value: number | null, digits = 0) =>
  value === null ? '—' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
export const formatPercent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(value < 0.1 ? 1 : 0)} %`);

export const SERIES_COLOURS = ['#0369a1', '#0d9488', '#7c3aed', '#ca8a04', '#db2777', '#4f46e5', '#65a30d', '#ea580c', '#64748b'];
export const SEVERITY_COLOURS: Record<string, string> = { low: '#94a3b8', medium: '#f59e0b', high: '#ea580c', critical: '#be123c' };
