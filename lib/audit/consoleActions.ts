/** Every kind of console action Warden records; new features add theirs here. */
export const CONSOLE_ACTIONS = [
  'sign_in.succeeded', 'sign_in.failed', 'sign_in.throttled',
  'user.created', 'user.role_changed', 'user.deactivated', 'user.activated', 'user.password_reset',
  'token.created', 'token.revoked', 'token.rotated', 'token.auth_throttled',
  'execution.secret_revealed',
  'case.created', 'case.updated', 'case.execution_pinned', 'case.execution_unpinned', 'case.note_added',
  'ledger.verification_started',
  'alert.status_changed', 'alert.assigned', 'alert.note_added',
  'release.promotion_requested', 'release.promotion_approved', 'release.promotion_rejected', 'release.promoted', 'model.rolled_back',
  'tool.registered', 'tool.version_registered', 'model_config.version_created', 'release.created', 'release.deployed',
  'release.promotion_expired', 'release.promotion_superseded', 'release.rolled_back',
  'policy.created', 'policy.updated',
  'test_suite.version_created', 'test_run.started', 'test_run.finished',
  'prompt.created', 'prompt.version_created', 'prompt.label_moved',
] as const;
export type ConsoleActionName = (typeof CONSOLE_ACTIONS)[number];

/** Who did it: a signed-in user, or the operator's shell for CLI commands. */
export interface ConsoleActor {
  id: string | null;
  /** What people recognise: the email address, or `cli` / `system`. */
  label: string;
}

export const CLI_ACTOR: ConsoleActor = { id: null, label: 'cli' };
/** Warden itself, e.g. creating the first admin or the demo's token at start-up. */
export const SYSTEM_ACTOR: ConsoleActor = { id: null, label: 'system' };

export interface ConsoleActionInput {
  actor: ConsoleActor;
  action: ConsoleActionName;
  /** What it was done to, e.g. `user:ann@example.com`, `token:wdn_staging_AbC…`, `execution:production/42`. */
  target?: string | null;
  /** Never secrets: token values and passwords stay out of the ledger for good. */
  details?: Record<string, unknown> | null;
  sourceIp?: string | null;
}
