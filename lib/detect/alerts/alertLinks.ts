/** Console links for an alert's evidence. */
export interface AlertLinkFields { id: string; environment: string; evidenceCount: number; evidenceSeqs: number[] }

/** The explorer filtered to exactly this alert's evidence (the `alert` filter), one page when it fits. */
export function explorerHref(alert: AlertLinkFields): string {
  const params = new URLSearchParams({ env: alert.environment, alert: alert.id, sort: 'seq', order: 'asc' });
  if (alert.evidenceCount > 50) params.set('limit', String(Math.min(500, alert.evidenceCount)));
  return `/executions?${params}`;
}

export const executionHref = (environment: string, seq: number) => `/executions/${environment}/${seq}`;
export const alertHref = (id: string) => `/anomalies/alerts/${id}`;
