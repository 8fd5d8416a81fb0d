import { getAgentPolicy } from '../../policies';
import { defaultPolicy } from '../defaultPolicy';
import { findExfilMarkup, type ExfilHit } from '../text/exfilMarkup';
import type { Detector, RaiseAlertInput } from '../types';
import { callLabel, scopeKey, sideEffects, subjectOf } from './shared';

const NETWORK_KINDS = new Set(['http', 'https', 'dns', 'email', 'net', 'network', 'fetch', 'websocket', 'egress', 'tcp', 'udp']);

function describe(hit: ExfilHit): string {
  switch (hit.kind) {
    case 'markdown_image': return `markdown image from ${hit.host ?? 'an unparseable host'} (loads without a click${hit.carriesData ? ', with encoded data in the URL' : ''}): ${hit.detail}`;
    case 'html_image': return `HTML image from ${hit.host ?? 'an unparseable host'}${hit.carriesData ? ' with encoded data in the URL' : ''}: ${hit.detail}`;
    case 'markdown_link': return `markdown link to ${hit.host ?? 'an unparseable host'} with encoded data in the URL: ${hit.detail}`;
    case 'encoded_url_data': return `URL to ${hit.host ?? 'an unparseable host'} carrying encoded data: ${hit.detail}`;
    case 'base64_blob': return `${hit.detail} leaving through a call with network side effects`;
  }
}

/**
 * Exfiltration channels in content: markdown/HTML images and data-carrying links or URLs to hosts
 * outside the allow-list (the agent's policy, else the default), in arguments (what the agent sends)
 * and outputs (what it is told to render); long base64 blobs in the arguments of calls that reach
 * the network. High when data rides in the URL or blob, medium for a bare outside image.
 */
export const encodedExfiltration: Detector = {
  name: 'exfil_markup',
  label: 'Exfiltration markup',
  description: 'Markdown or HTML images and data-carrying links/URLs to hosts outside the allow-list, in arguments or outputs; base64 blobs of 200+ characters in the arguments of calls with network side effects.',
  kind: 'rule',
  async detect(executions, context) {
    const findings: RaiseAlertInput[] = [];
    const allowed = async (agent: string | null) => {
      const own = agent ? await context.memo(`policy:${agent}`, () => getAgentPolicy(agent)) : null;
      return own?.allowedEgressHosts ?? (await context.memo('policy:default', async () => defaultPolicy())).policy.allowedEgressHosts;
    };
    for (const e of executions) {
      const hosts = await allowed(e.agentId);
      const reachesNetwork = sideEffects(e).some((effect) => NETWORK_KINDS.has(effect.kind));
      for (const [place, value, checkBlobs] of [['arguments', e.arguments, reachesNetwork], ['output', e.output, false]] as const) {
        const hits = findExfilMarkup(value, hosts, { checkBlobs });
        if (hits.length === 0) continue;
        findings.push({
          detector: 'exfil_markup', environment: context.environment,
          severity: hits.some((hit) => hit.carriesData) ? 'high' : 'medium',
          title: `Exfiltration markup in the ${place} of ${callLabel(e)}`,
          explanation: hits.slice(0, 3).map(describe).join('; '),
          evidenceSeqs: [e.seq], subject: subjectOf(e), dedupeKey: `exfil_markup|${place}|${scopeKey(e)}`,
        });
      }
    }
    return findings;
  },
};
