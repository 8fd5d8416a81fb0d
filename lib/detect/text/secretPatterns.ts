import { stringsIn } from './hiddenText';

/**
 * Credentials worth an alert when they show up in what a tool returned. Stricter than the console's
 * display masking (lib/search/maskSecrets.ts): each pattern has a fixed prefix or structure, so
 * ordinary ids and hashes do not fire. Invisible characters are removed and NFKC applied first,
 * so a key split with zero-width spaces or typed in full-width letters is still found.
 */
interface SecretPattern { kind: string; severity: 'high' | 'critical'; pattern: RegExp; accept?: (match: RegExpExecArray) => boolean }

const PLACEHOLDER = /^(\*+|x+|\.+|password|passwd|secret|changeme|example|redacted|<[^>]*>|\$\{[^}]*\}|\$[A-Z_]+|%\(.*\)s|\{\{.*\}\}|•+)$/i;

function isJwt(match: RegExpExecArray): boolean {
  try {
    const header = JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string';
  } catch {
    return false;
  }
}

const PATTERNS: readonly SecretPattern[] = [
  { kind: 'private key', severity: 'critical', pattern: /-----\s*BEGIN ((?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?\s*-----/gi },
  { kind: 'AWS access key id', severity: 'critical', pattern: /(?<![A-Z0-9])(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/g },
  { kind: 'AWS secret access key', severity: 'critical', pattern: /(aws_secret_access_key|aws_secret_key|secretaccesskey)["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi },
  { kind: 'JWT', severity: 'high', pattern: /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,})\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g, accept: isJwt },
  { kind: 'Stripe secret key', severity: 'critical', pattern: /(?<![A-Za-z0-9])(sk|rk)_live_[0-9A-Za-z]{16,}/g },
  { kind: 'GitHub token', severity: 'critical', pattern: /(?<![A-Za-z0-9])(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})/g },
  { kind: 'GitLab token', severity: 'critical', pattern: /(?<![A-Za-z0-9])glpat-[A-Za-z0-9_-]{20,}/g },
  { kind: 'Slack token', severity: 'high', pattern: /(?<![A-Za-z0-9])xox[abprs]-[0-9]{6,}-[A-Za-z0-9-]{10,}/g },
  { kind: 'OpenAI/Anthropic API key', severity: 'critical', pattern: /(?<![A-Za-z0-9])sk-(proj-|ant-(api\d+-)?)?[A-Za-z0-9_-]{32,}/g },
  { kind: 'Google API key', severity: 'high', pattern: /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { kind: 'Warden token', severity: 'critical', pattern: /(?<![A-Za-z0-9])wdn_(staging|production)_[0-9A-Za-z]{38}(?![0-9A-Za-z])/g },
  {
    kind: 'password in a connection URL', severity: 'high',
    pattern: /\b(postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|ftp|sftp|smtp|ldap):\/\/[^\s:@/?#]+:([^\s@/?#]{6,})@/gi,
    accept: (match) => !PLACEHOLDER.test(match[2]!),
  },
];

export interface SecretHit { kind: string; severity: 'high' | 'critical'; /** First and last characters only: alerts never repeat a secret. */ hint: string }

const hintOf = (value: string) => (value.length <= 12 ? `${value.slice(0, 4)}…` : `${value.slice(0, 8)}…${value.slice(-2)}`);

export function findSecrets(value: unknown): SecretHit[] {
  const hits: SecretHit[] = [];
  const kinds = new Set<string>();
  for (const raw of stringsIn(value)) {
    if (raw.length < 16) continue;
    const text = raw.normalize('NFKC').replace(/[\u200B-\u200D\u2060-\u2064\uFEFF\u00AD\u180E]/g, '');
    for (const { kind, severity, pattern, accept } of PATTERNS) {
      if (kinds.has(kind)) continue;
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
        if (accept && !accept(match)) continue;
        kinds.add(kind);
        hits.push({ kind, severity, hint: kind === 'private key' ? match[0].replace(/\s+/g, ' ') : hintOf(match[0]) });
        break;
      }
    }
  }
  return hits;
}
