import { countOpenAlerts } from '../detect';
import { db } from '../db/client';
import { getReleaseGateResult, runLink } from '../suites';
import { promotionSettings, type GateName } from './settings';

export interface GateEvidence {
  name: GateName;
  title: string;
  passed: boolean;
  /** Blocks a deploy while red (WARDEN_PROMOTION_GATES); an advisory gate is shown but does not block. */
  blocking: boolean;
  summary: string;
  details: string[];
  link: string | null;
}

function minutes(ms: number): string {
  const total = Math.floor(ms / 60_000);
  if (total < 60) return `${total} min`;
  return `${Math.floor(total / 60)} h ${total % 60} min`;
}

async function suiteGate(releaseId: string): Promise<Omit<GateEvidence, 'blocking'>> {
  const title = 'Safety and regression suites passed in staging';
  try {
    const result = await getReleaseGateResult(releaseId);
    return {
      name: 'suite', title, passed: result.status === 'passed',
      summary: result.status === 'missing' ? `No suite run yet. ${result.summary}` : result.summary,
      details: result.failures.slice(0, 20).map((failure) => `${failure.kind} · ${failure.caseName}: ${failure.reason}`),
      link: result.runId ? runLink(result.runId) : null,
    };
  } catch (error) {
    return { name: 'suite', title, passed: false, summary: `No suite result available (${(error as Error).message}).`, details: [], link: null };
  }
}

/** How long the release ran in staging, from its latest staging deployment until it was replaced (or now). */
export async function stagingSoak(releaseId: string): Promise<{ since: Date; until: Date | null; ms: number } | null> {
  const deployment = await db().deployment.findFirst({ where: { environment: 'staging', releaseId }, orderBy: { id: 'desc' } });
  if (!deployment) return null;
  const replaced = await db().deployment.findFirst({ where: { environment: 'staging', id: { gt: deployment.id }, releaseId: { not: releaseId } }, orderBy: { id: 'asc' } });
  const until = replaced?.createdAt ?? null;
  return { since: deployment.createdAt, until, ms: (until ?? new Date()).getTime() - deployment.createdAt.getTime() };
}

async function soakGate(releaseId: string, minSoakMinutes: number): Promise<Omit<GateEvidence, 'blocking'>> {
  const title = `Ran in staging for at least ${minSoakMinutes} min`;
  const soak = await stagingSoak(releaseId);
  if (!soak) return { name: 'soak', title, passed: false, summary: 'Never deployed to staging: deploy it there first.', details: [], link: '/registry/environments/staging' };
  const passed = soak.ms >= minSoakMinutes * 60_000;
  const window = `since ${soak.since.toISOString()}${soak.until ? ` until ${soak.until.toISOString()} (replaced)` : ' (still live)'}`;
  const remaining = passed ? '' : `; ${minutes(minSoakMinutes * 60_000 - soak.ms + 59_999)} to go`;
  return { name: 'soak', title, passed, summary: `Ran in staging for ${minutes(soak.ms)} ${window}${remaining}.`, details: [], link: '/registry/environments/staging' };
}

async function alertsGate(tools: string[]): Promise<Omit<GateEvidence, 'blocking'>> {
  const title = "No open critical alerts for the release's tools";
  if (tools.length === 0) return { name: 'alerts', title, passed: true, summary: 'The release carries no tools.', details: [], link: null };
  try {
    const [staging, production] = await Promise.all([
      countOpenAlerts({ environment: 'staging', severity: 'critical', tools }),
      countOpenAlerts({ environment: 'production', severity: 'critical', tools }),
    ]);
    const total = staging + production;
    return {
      name: 'alerts', title, passed: total === 0,
      summary: total === 0 ? `No open critical alerts for ${tools.join(', ')}.` : `${total} open critical alert${total > 1 ? 's' : ''} (${staging} in staging, ${production} in production) for ${tools.join(', ')}.`,
      details: [], link: `/anomalies?severity=critical&status=open`,
    };
  } catch (error) {
    return { name: 'alerts', title, passed: false, summary: `Could not count open alerts (${(error as Error).message}).`, details: [], link: null };
  }
}

/** Every gate for promoting `releaseId`, each with its evidence (green or red). */
export async function evaluateGates(releaseId: string): Promise<GateEvidence[]> {
  const settings = promotionSettings();
  const links = await db().releaseToolVersion.findMany({ where: { releaseId }, select: { toolId: true } });
  const tools = (await db().tool.findMany({ where: { id: { in: links.map((link) => link.toolId) } }, select: { name: true } })).map((tool) => tool.name).sort();
  const gates = await Promise.all([suiteGate(releaseId), soakGate(releaseId, settings.minSoakMinutes), alertsGate(tools)]);
  return gates.map((gate) => ({ ...gate, blocking: settings.blockingGates.includes(gate.name) }));
}

export function blockingFailures(gates: GateEvidence[]): GateEvidence[] {
  return gates.filter((gate) => gate.blocking && !gate.passed);
}
