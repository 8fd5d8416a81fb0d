// Detections (issue #7, contract C1): detectors run in the background over newly ingested
// executions and raise alerts; rollups feed the anomaly charts.
export { raiseAlert, raiseAlertWith, MAX_EVIDENCE } from './raiseAlert';
export { countOpenAlerts } from './countOpenAlerts';
export { runPendingDetections, detectionStatus, DETECTION_BATCH, type DetectionReport, type DetectionStatus } from './runDetections';
export { DETECTORS, detectorInfo } from './detectors';
export {
  ACTIVE_STATUSES, ALERT_STATUSES, SEVERITIES,
  type AlertStatus, type AlertSubject, type DetectionContext, type DetectionExecution, type Detector, type RaiseAlertInput, type Severity,
} from './types';
export { setAlertStatus, assignAlert, addAlertNote } from './alerts/alertCommands';
export { alertFilterInput, parseAlertInput, type AlertActor, type AlertFilterValues, type AlertResult } from './alerts/alertInputs';
export { listAlerts, getAlert, assignableUsers, alertCounts, type AlertDetail, type AlertListItem } from './alerts/alertQueries';
export { explorerHref, executionHref, alertHref } from './alerts/alertLinks';
export { getAnomalyCharts, bucketFor, type AnomalyCharts } from './charts/getAnomalyCharts';
export { toAlertRow, subjectText, detectorLabel, type AlertRowView } from './alerts/alertRows';
