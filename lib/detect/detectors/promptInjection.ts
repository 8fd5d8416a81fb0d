import { findInjection } from '../text/injectionMarkers';
import type { Detector, RaiseAlertInput } from '../types';
import { callLabel, quote, scopeKey, subjectOf } from './shared';

/**
 * Prompt-injection markers in what reaches the model: tool outputs (indirect injection, high) and
 * inputs — arguments and rendered prompts (medium). See text/injectionMarkers.ts for the markers and
 * text/hiddenText.ts for the evasions they see through.
 */
export const promptInjection: Detector = {
  name: 'prompt_injection',
  label: 'Prompt injection',
  description: 'Instruction overrides, fake system messages, concealment and secret-harvesting phrases, and text hidden in Unicode tag characters, zero-width characters, bidi controls or base64 — in tool outputs and in inputs. Case, spacing, punctuation and look-alike letters are folded away first.',
  kind: 'rule',
  async detect(executions, { environment }) {
    const findings: RaiseAlertInput[] = [];
    for (const e of executions) {
      for (const [place, value] of [['output', [e.output, e.error]], ['input', [e.arguments, e.prompt]]] as const) {
        const hits = findInjection(value);
        if (hits.length === 0) continue;
        const hit = hits[0]!;
        const hidden = hits.some((h) => h.channel !== null);
        findings.push({
          detector: 'prompt_injection', environment,
          severity: place === 'output' || hidden ? 'high' : 'medium',
          title: `Prompt injection in the ${place} of ${callLabel(e)}`,
          explanation: `${hits.map((h) => `${h.marker}${h.channel ? `, ${h.channel}` : ''}`).join('; ')}. Text: ${quote(hit.excerpt)}`,
          evidenceSeqs: [e.seq], subject: subjectOf(e), dedupeKey: `prompt_injection|${place}|${scopeKey(e)}`,
        });
      }
    }
    return findings;
  },
};
