import { detectorInfo } from '../detectors';
import { explorerHref } from './alertLinks';
import type { AlertListItem } from './alertQueries';

/** An alert as the list and table components show it (plain strings, serialisable). */
export interface AlertRowView {
  id: string; detector: string; detectorLabel: string; severity: string; status: string; title: string; explanation: string;
  subject: string; evidenceCount: number; firstSeenAt: string; lastSeenAt: string; assignee: string | null; explorerHref: string;
}

const labels = new Map(detectorInfo().map((detector) => [detector.name, detector.label]));

export const detectorLabel = (name: string) => labels.get(name) ?? name.replace(/_/g, ' ');

export function subjectText(alert: Pick<AlertListItem, 'subjectTool' | 'subjectUser' | 'subjectAgent' | 'subjectSession'>): string {
  return [alert.subjectTool && `tool ${alert.subjectTool}`, alert.subjectUser && `user ${alert.subjectUser}`, alert.subjectAgent && `agent ${alert.subjectAgent}`]
    .filter(Boolean).join(' · ') || (alert.subjectSession ? `session ${alert.subjectSession}` : '—');
}

export function toAlertRow(alert: AlertListItem): AlertRowView {
  return {
    id: alert.id, detector: alert.detector, detectorLabel: detectorLabel(alert.detector), severity: alert.severity, status: alert.status,
    title: alert.title, explanation: alert.explanation, subject: subjectText(alert), evidenceCount: alert.evidenceCount,
    firstSeenAt: alert.firstSeenAt.toISOString(), lastSeenAt: alert.lastSeenAt.toISOString(), assignee: alert.assignee,
    explorerHref: explorerHref(alert),
  };
}
