/**
 * Scoring a detection run against the demo generator's labels: every event of an attack session
 * carries attributes.demo_scenario. An alert is a true positive when any of its evidence lies in an
 * attack session; a session counts as detected by a detector when any of that detector's alerts has
 * evidence in it.
 */
export const EXPECTED: Record<string, string[]> = {
  prompt_injection_in_tool_output: ['prompt_injection'],
  exfiltration_unknown_host: ['forbidden_side_effect', 'exfil_markup'],
  shell_exec_attempt: ['forbidden_side_effect'],
  secret_in_output: ['secret_in_output'],
  failure_burst: ['failure_burst'],
  schema_changed_without_bump: ['schema_mismatch'],
  // The tampered prompt's checksum is #8's prompt drift detector; its text also asks for credentials verbatim.
  unregistered_prompt: ['prompt_drift', 'prompt_injection'],
};

export interface Labelled { seqToSession: Map<number, string>; sessionScenario: Map<string, string | null> }

export interface AlertRow { detector: string; severity: string; evidence: number[] }

export interface DetectorScore { detector: string; alerts: number; truePositives: number; precision: number | null; expected: number; caught: number; recall: number | null; benignFlagged: number }

export interface Score {
  perDetector: DetectorScore[];
  attackSessions: number;
  attackDetected: number;
  recall: number;
  benignSessions: number;
  benignFlagged: number;
  benignFlaggedMediumUp: number;
  fpRate: number;
  fpRateMediumUp: number;
  perScenario: Array<{ scenario: string; sessions: number; detected: number }>;
}

export function score(labels: Labelled, alerts: AlertRow[]): Score {
  const sessionsOf = (alert: AlertRow) => new Set(alert.evidence.map((seq) => labels.seqToSession.get(seq)).filter((s): s is string => Boolean(s)));
  const detectors = [...new Set([...alerts.map((a) => a.detector), ...Object.values(EXPECTED).flat()])].sort();
  const flaggedBy = new Map<string, Set<string>>();
  const flaggedAny = new Set<string>();
  const flaggedMediumUp = new Set<string>();
  for (const alert of alerts) {
    for (const session of sessionsOf(alert)) {
      flaggedAny.add(session);
      if (alert.severity !== 'low') flaggedMediumUp.add(session);
      const set = flaggedBy.get(alert.detector) ?? new Set<string>();
      set.add(session);
      flaggedBy.set(alert.detector, set);
    }
  }
  const attack = [...labels.sessionScenario].filter(([, scenario]) => scenario !== null);
  const benign = [...labels.sessionScenario].filter(([, scenario]) => scenario === null).map(([session]) => session);
  const perDetector = detectors.map((detector): DetectorScore => {
    const mine = alerts.filter((alert) => alert.detector === detector);
    const truePositives = mine.filter((alert) => [...sessionsOf(alert)].some((session) => labels.sessionScenario.get(session))).length;
    const expectedSessions = attack.filter(([, scenario]) => EXPECTED[scenario!]?.includes(detector)).map(([session]) => session);
    const caught = expectedSessions.filter((session) => flaggedBy.get(detector)?.has(session)).length;
    return {
      detector, alerts: mine.length, truePositives, precision: mine.length ? truePositives / mine.length : null,
      expected: expectedSessions.length, caught, recall: expectedSessions.length ? caught / expectedSessions.length : null,
      benignFlagged: [...(flaggedBy.get(detector) ?? [])].filter((session) => !labels.sessionScenario.get(session)).length,
    };
  });
  const scenarios = [...new Set(attack.map(([, scenario]) => scenario!))].sort();
  return {
    perDetector,
    attackSessions: attack.length,
    attackDetected: attack.filter(([session]) => flaggedAny.has(session)).length,
    recall: attack.length ? attack.filter(([session]) => flaggedAny.has(session)).length / attack.length : 1,
    benignSessions: benign.length,
    benignFlagged: benign.filter((session) => flaggedAny.has(session)).length,
    benignFlaggedMediumUp: benign.filter((session) => flaggedMediumUp.has(session)).length,
    fpRate: benign.length ? benign.filter((session) => flaggedAny.has(session)).length / benign.length : 0,
    fpRateMediumUp: benign.length ? benign.filter((session) => flaggedMediumUp.has(session)).length / benign.length : 0,
    perScenario: scenarios.map((scenario) => {
      const sessions = attack.filter(([, s]) => s === scenario).map(([session]) => session);
      return { scenario, sessions: sessions.length, detected: sessions.filter((session) => flaggedAny.has(session)).length };
    }),
  };
}
