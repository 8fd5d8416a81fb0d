import { isEnvironment } from '../../environment';
import { driftDiffLink, judgePromptUse, LABEL_GRACE_MS, type DriftKind, type RegisteredPrompt } from '../../prompts/promptDrift';
import type { DetectionContext, Detector, RaiseAlertInput, Severity } from '../types';
import { subjectOf } from './shared';

// Production drift is what the registry exists to stop; staging is where versions are tried out.
const SEVERITY: Record<DriftKind, { production: Severity; staging: Severity }> = {
  unknown_checksum: { production: 'critical', staging: 'high' },
  rendered_mismatch: { production: 'critical', staging: 'high' },
  unregistered_name: { production: 'high', staging: 'medium' },
  unknown_version: { production: 'high', staging: 'medium' },
  not_labelled: { production: 'high', staging: 'low' },
};

type VersionRow = { prompt_id: string; id: string | null; version: number | null; tag: string | null; checksum: string | null; template_checksum: string | null; template: string | null };

/** The registry as the batch's transaction sees it, one query per prompt name per batch. */
async function loadPrompt(name: string, context: DetectionContext): Promise<RegisteredPrompt | null> {
  const rows = await context.query<VersionRow>(
    `SELECT p.id AS prompt_id, v.id, v.version, v.tag, v.checksum, v.template_checksum, v.template
       FROM prompts p LEFT JOIN prompt_versions v ON v.prompt_id = p.id WHERE p.name = $1`, [name]);
  if (rows.length === 0) return null;
  const promptId = rows[0]!.prompt_id;
  const label = await context.query<{ prompt_version_id: string }>(
    'SELECT prompt_version_id FROM prompt_labels WHERE prompt_id = $1 AND environment = $2', [promptId, context.environment]);
  return {
    id: promptId, name,
    versions: rows.flatMap((row) => (row.id ? [{
      id: row.id, version: row.version!, tag: row.tag, checksum: row.checksum!, templateChecksum: row.template_checksum!, template: row.template!,
    }] : [])),
    labelledVersionId: label[0]?.prompt_version_id ?? null,
    recentlyLabelled: async (versionId, at) => (await context.query(
      `SELECT 1 FROM prompt_label_moves WHERE prompt_id = $1 AND environment = $2 AND from_version_id = $3 AND moved_at >= $4 LIMIT 1`,
      [promptId, context.environment, versionId, new Date(at.getTime() - LABEL_GRACE_MS)])).length > 0,
  };
}

/**
 * Prompts that are not what the registry approved (lib/prompts, issue #8): an unregistered prompt
 * name, a checksum or version matching no registered version, a version running in an environment
 * whose label points elsewhere, or text that differs from the registered template. Each alert links
 * to the diff between the registered template and what the execution observed.
 */
export const promptDrift: Detector = {
  name: 'prompt_drift',
  label: 'Prompt drift',
  description: 'Once any prompt is registered: prompts used with an unregistered name, a checksum or version that matches no registered version, a version not labelled for the environment (15 min grace after a label moves), or rendered text that differs from the registered template.',
  kind: 'rule',
  async detect(executions, context) {
    const findings: RaiseAlertInput[] = [];
    const environment = context.environment;
    if (!isEnvironment(environment)) return findings;
    // A team that registers no prompts at all has not adopted the registry: every prompt would be
    // "unregistered", which is noise, not drift. Once one prompt is registered, every name counts.
    const registryInUse = await context.memo('prompts:any', async () => (await context.query('SELECT 1 FROM prompts LIMIT 1')).length > 0);
    if (!registryInUse) return findings;
    for (const e of executions) {
      if (!e.promptName) continue;
      const name = e.promptName;
      const prompt = await context.memo(`prompt:${name}`, () => loadPrompt(name, context));
      const finding = await judgePromptUse({
        environment, seq: e.seq, timestamp: e.timestamp, promptName: name, promptVersion: e.promptVersion,
        promptChecksum: e.promptChecksum, prompt: e.prompt, arguments: e.arguments,
      }, prompt);
      if (!finding) continue;
      findings.push({
        detector: 'prompt_drift', environment, severity: SEVERITY[finding.kind][environment],
        title: finding.title, explanation: finding.explanation, evidenceSeqs: [e.seq],
        subject: { ...subjectOf(e), prompt: name }, link: driftDiffLink(name, finding.compareWith, environment, e.seq),
        dedupeKey: `${finding.dedupeKey}|${environment}`,
      });
    }
    return findings;
  },
};
