/**
 * Promotion policy, from the environment (README "Registry"):
 * - WARDEN_PROMOTION_APPROVALS — distinct leads/admins (never the requester) who must approve (default 1);
 * - WARDEN_PROMOTION_MIN_SOAK_MINUTES — how long a release must have run in staging (default 60);
 * - WARDEN_PROMOTION_EXPIRY_HOURS — an undeployed request expires after this (default 72);
 * - WARDEN_PROMOTION_GATES — the gates that block a deploy, comma-separated (default `suite,soak,alerts`);
 *   a gate left out is still evaluated and shown, marked advisory.
 * - WARDEN_REGISTRY_WEBHOOK_URL — Slack-compatible webhook announcing deploys and rollbacks.
 */
export const GATES = ['suite', 'soak', 'alerts'] as const;
export type GateName = (typeof GATES)[number];

export interface PromotionSettings {
  requiredApprovals: number;
  minSoakMinutes: number;
  expiryHours: number;
  blockingGates: GateName[];
  webhookUrl: string | null;
}

function number(value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= min ? parsed : fallback;
}

export function promotionSettings(env: NodeJS.ProcessEnv = process.env): PromotionSettings {
  const gates = env.WARDEN_PROMOTION_GATES === undefined
    ? [...GATES]
    : env.WARDEN_PROMOTION_GATES.split(',').map((gate) => gate.trim()).filter((gate): gate is GateName => (GATES as readonly string[]).includes(gate));
  return {
    requiredApprovals: Math.floor(number(env.WARDEN_PROMOTION_APPROVALS, 1, 1)),
    minSoakMinutes: number(env.WARDEN_PROMOTION_MIN_SOAK_MINUTES, 60, 0),
    expiryHours: number(env.WARDEN_PROMOTION_EXPIRY_HOURS, 72, 0.01),
    blockingGates: gates,
    webhookUrl: env.WARDEN_REGISTRY_WEBHOOK_URL?.trim() || null,
  };
}
