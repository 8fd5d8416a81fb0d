import { TEAMS, type Team } from '../../demo/catalogue';
import { Rng } from '../../demo/random';
import { fileBody } from '../../demo/texts';

/**
 * The demo server's filesystem: a map in memory, built from the demo teams' repositories. Nothing
 * here ever touches the real disk; paths outside it fail the way a real server's would.
 */
export const WORKSPACE = '/workspace';
export const AWS_CREDENTIALS = '/home/dev/.aws/credentials';

export class FakeFsError extends Error {
  constructor(readonly code: 'ENOENT' | 'EACCES' | 'ENOTDIR' | 'EISDIR', path: string) {
    super(`${code}: ${{ ENOENT: 'no such file or directory', EACCES: 'permission denied', ENOTDIR: 'not a directory', EISDIR: 'illegal operation on a directory' }[code]}, open '${path}'`);
  }
}

export const repoDir = (team: Team) => `${WORKSPACE}/${team.repo.split('/')[1]}`;

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Shaped like live credentials so secret detectors fire, and marked as fakes for any human: they
 * are assembled at run time so this source file does not trip secret scanners itself.
 */
export function fakeSecrets(r: Rng) {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return {
    stripeKey: ['sk', 'live', `4fDEMO${r.chars(24, alnum)}`].join('_'),
    awsKeyId: `AKIA${r.chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    awsSecret: r.chars(40, `${alnum}+/`),
    dbPassword: r.hex(16),
  };
}

function teamFiles(team: Team): Map<string, string> {
  const files = new Map<string, string>();
  const dir = repoDir(team);
  for (const file of team.files) files.set(`${dir}/${file}`, fileBody(new Rng(seedOf(file + team.name)), file, team));
  const secrets = fakeSecrets(new Rng(seedOf(team.name)));
  files.set(`${dir}/.env`, `DATABASE_URL=postgres://app:${secrets.dbPassword}@${team.name}-db.internal:5432/${team.dbSchema}\n`
    + `SENTRY_DSN=https://${secrets.dbPassword}${secrets.dbPassword}@o4821.ingest.sentry.io/42\nLOG_LEVEL=info\n`);
  files.set(`${dir}/config/deploy.env`, `AWS_REGION=eu-central-1\nAWS_ACCESS_KEY_ID=${secrets.awsKeyId}\nAWS_SECRET_ACCESS_KEY=${secrets.awsSecret}\n`
    + `STRIPE_SECRET_KEY=${secrets.stripeKey}\nDEPLOY_BUCKET=acme-${team.name}-artifacts\n`);
  files.set(`${dir}/docs/ONCALL.md`, `# On-call for ${team.service}\n\nPage ${team.channel} first. Dashboards: grafana.acme.dev/d/${team.name}.\nEscalate to ${team.project} P1 after 15 minutes without mitigation.\n`);
  return files;
}

/** One filesystem per server instance, so a session's writes (none today) could never leak into another's. */
export class FakeFilesystem {
  private readonly files = new Map<string, string>();
  private readonly forbidden = [`/home/dev/.aws`, '/home/dev/.ssh', '/etc/ssl/private', '/root'];

  constructor(teams: readonly Team[] = TEAMS) {
    for (const team of teams) for (const [path, body] of teamFiles(team)) this.files.set(path, body);
  }

  read(path: string): string {
    const normal = normalise(path);
    if (this.forbidden.some((dir) => normal.startsWith(`${dir}/`) || normal === dir)) throw new FakeFsError('EACCES', normal);
    const body = this.files.get(normal);
    if (body === undefined) throw new FakeFsError(this.isDirectory(normal) ? 'EISDIR' : 'ENOENT', normal);
    return body;
  }

  list(path: string): string[] {
    const normal = normalise(path).replace(/\/$/, '');
    if (this.forbidden.some((dir) => normal.startsWith(`${dir}/`) || normal === dir)) throw new FakeFsError('EACCES', normal);
    const prefix = `${normal}/`;
    const entries = new Set<string>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf('/');
      entries.add(slash === -1 ? `[FILE] ${rest}` : `[DIR] ${rest.slice(0, slash)}`);
    }
    if (entries.size === 0) throw new FakeFsError(this.files.has(normal) ? 'ENOTDIR' : 'ENOENT', normal);
    return [...entries].sort();
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  private isDirectory(path: string): boolean {
    for (const file of this.files.keys()) if (file.startsWith(`${path}/`)) return true;
    return false;
  }
}

/** `~` is the demo user's home; `..` is resolved so a traversal attempt is recorded as the path it reached. */
export function normalise(path: string): string {
  const absolute = path.startsWith('~') ? `/home/dev${path.slice(1)}` : path.startsWith('/') ? path : `${WORKSPACE}/${path}`;
  const parts: string[] = [];
  for (const part of absolute.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}
