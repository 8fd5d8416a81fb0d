import { findSecrets } from '../text/secretPatterns';
import type { Detector, RaiseAlertInput } from '../types';
import { callLabel, scopeKey, subjectOf } from './shared';

/** Credentials (cloud keys, private keys, JWTs, API tokens, passwords in connection URLs) in what a tool returned. */
export const secretInOutput: Detector = {
  name: 'secret_in_output',
  label: 'Secret in output',
  description: 'Cloud access keys, private keys, JWTs, GitHub/GitLab/Slack/Stripe/OpenAI/Google/Warden tokens and passwords in connection URLs in a tool\'s output or error — now in the model\'s context and the log.',
  kind: 'rule',
  async detect(executions, { environment }) {
    const findings: RaiseAlertInput[] = [];
    for (const e of executions) {
      const hits = findSecrets([e.output, e.error]);
      if (hits.length === 0) continue;
      findings.push({
        detector: 'secret_in_output', environment,
        severity: hits.some((hit) => hit.severity === 'critical') ? 'critical' : 'high',
        title: `${hits.map((hit) => hit.kind).join(', ')} in the output of ${callLabel(e)}`,
        explanation: `The output carries ${hits.map((hit) => `a ${hit.kind} (${hit.hint})`).join(', ')}. Rotate it and check who read this execution.`,
        evidenceSeqs: [e.seq], subject: subjectOf(e), dedupeKey: `secret_in_output|${scopeKey(e)}`,
      });
    }
    return findings;
  },
};
