import type { Team } from './catalogue';
import type { Rng } from './random';

/** Real teams chat in more than one language; the console has to render and search all of it. */
export const CHAT_LINES: readonly string[] = [
  'Deploy of {{service}} is green in staging, promoting to production after lunch.',
  'Can someone look at the flaky checkout test? It failed 3 times on main today.',
  '本番環境のレイテンシが少し上がっています。{{service}} のログを確認してもらえますか？',
  'リリースノートを更新しました。レビューをお願いします 🙏',
  'Ich habe das Ticket {{project}}-1432 übernommen, der Fix kommt morgen früh.',
  'Kurze Info: die Datenbankmigration läuft heute Abend um 22 Uhr, bitte keine Deploys.',
  'LGTM, but please add a test for the retry path before merging.',
  'p95 for {{service}} went from 180ms to 420ms after the 14:05 deploy — rolling back.',
  'تم إصلاح مشكلة تسجيل الدخول، يرجى التحقق من بيئة الاختبار.',
  'Postmortem doc is up, please add your timeline entries by Friday.',
];

export const TICKET_SUMMARIES: readonly string[] = [
  'Checkout fails with 502 when coupon code contains unicode',
  'Rotate service account credentials for {{service}}',
  'Fehlerhafte Rundung bei Rechnungsbeträgen in EUR',
  'Dashboard: p99 latency panel shows no data after Grafana upgrade',
  'ログイン画面で二要素認証コードが受け付けられない',
  'Add idempotency keys to refund endpoint',
  'Upgrade Node runtime to 20.19 across {{service}} workers',
  'Export CSV truncates rows over 65k',
];

export const TICKET_BODIES: readonly string[] = [
  'Steps to reproduce:\n1. Open the checkout page\n2. Apply coupon "ÉTÉ2025"\n3. Submit\n\nExpected: discount applied. Actual: 502 from the gateway, trace id in the attached HAR.',
  'Beim Export der Rechnungen werden Beträge mit drei Nachkommastellen falsch gerundet (z. B. 10,005 € → 10,00 € statt 10,01 €). Betroffen sind ca. 2 % der Rechnungen seit dem letzten Release.',
  'Customers on iOS 18 report that the 2FA code is rejected on the first attempt and accepted on the second. Server logs show a clock skew of ~31s on two pods.',
  '二要素認証のコードが一度目は拒否され、二度目で通ります。サーバーの時刻ずれが原因の可能性があります。',
  'The nightly export job stops at 65,536 rows. Looks like the legacy XLS writer is still used for CSV. Needs a streaming writer.',
];

export const SEARCH_SNIPPETS: readonly { title: string; snippet: string; host: string }[] = [
  { title: 'OAuth 2.1 draft: what changes for public clients', snippet: 'PKCE becomes mandatory for all clients and the implicit grant is removed…', host: 'oauth.net' },
  { title: 'Logical replication improvements in PostgreSQL 17', snippet: 'Failover slots and pg_createsubscriber make it easier to keep subscribers in sync…', host: 'www.postgresql.org' },
  { title: 'Passkeys: a developer guide', snippet: 'WebAuthn credentials are bound to the origin, which makes them phishing-resistant…', host: 'web.dev' },
  { title: 'دليل المطورين لمفاتيح المرور', snippet: 'تعتمد مفاتيح المرور على معيار WebAuthn وتوفر حماية قوية ضد التصيد الاحتيالي…', host: 'developer.mozilla.org' },
  { title: 'SBOM minimum elements explained', snippet: 'Supplier name, component name, version, unique identifiers and dependency relationships…', host: 'www.cisa.gov' },
  { title: 'Zero-downtime Postgres migrations', snippet: 'Add columns as nullable, backfill in batches, then add constraints NOT VALID and validate…', host: 'engineering.example.com' },
  { title: 'パスキー導入ガイド', snippet: 'パスキーはフィッシング耐性のある認証方式で、主要ブラウザで利用できます…', host: 'developers.google.com' },
  { title: 'Sicherheitsleitfaden für MCP-Server', snippet: 'Werkzeuge sollten nur die minimal nötigen Rechte erhalten und Eingaben strikt validieren…', host: 'www.bsi.bund.de' },
];

export const WEB_PAGES: readonly { url: string; text: string }[] = [
  { url: 'https://docs.stripe.com/webhooks/signatures', text: 'Check the webhook signatures. Stripe signs the webhook events it sends to your endpoints by including a signature in each event\'s Stripe-Signature header. This allows you to verify that the events were sent by Stripe, not by a third party. Verify signatures with the official libraries, or manually using the timestamp and the v1 scheme. To prevent replay attacks, reject events whose timestamp is more than five minutes old.' },
  { url: 'https://nodejs.org/en/blog/release/v20.19.0', text: 'Node.js 20.19.0 (LTS). Notable changes: require(esm) is now enabled by default, module syntax detection is enabled by default, and several security fixes were backported. Users are encouraged to upgrade. Full changelog and binaries are available on the download page.' },
  { url: 'https://kubernetes.io/docs/concepts/workloads/pods/disruptions/', text: 'Pod disruption budgets. An application owner can create a PodDisruptionBudget object for each application. A PDB limits the number of Pods of a replicated application that are down simultaneously from voluntary disruptions. For example, a quorum-based application would like to ensure that the number of replicas running is never brought below the number needed for a quorum.' },
  { url: 'https://www.heise.de/news/Sicherheitsluecke-in-Build-Tools', text: 'Sicherheitslücke in verbreiteten Build-Tools: Angreifer können über manipulierte Abhängigkeiten Code ausführen. Die Entwickler empfehlen, umgehend auf die aktuelle Version zu aktualisieren und Lockfiles zu prüfen. Betroffen sind Versionen vor 4.2.1.' },
];

export function fill(template: string, team: Team): string {
  return template.replaceAll('{{service}}', team.service).replaceAll('{{project}}', team.project);
}

/** File bodies by extension, long enough that record sizes look like real traffic. */
export function fileBody(r: Rng, path: string, team: Team): string {
  const ext = path.slice(path.lastIndexOf('.') + 1);
  switch (ext) {
    case 'ts':
    case 'tsx':
      return [
        `import { logger } from '../lib/logger';`,
        `import type { Request, Response } from 'express';`,
        ``,
        `const MAX_RETRIES = ${r.int(2, 6)};`,
        ``,
        `export async function handle(req: Request, res: Response): Promise<void> {`,
        `  const started = Date.now();`,
        `  for (let attempt = 1; attempt <= MAX_RETRIES; attempt++) {`,
        `    try {`,
        `      const result = await process(req.body, { idempotencyKey: req.header('Idempotency-Key') });`,
        `      res.status(200).json(result);`,
        `      logger.info({ route: req.path, ms: Date.now() - started }, '${team.service} ok');`,
        `      return;`,
        `    } catch (error) {`,
        `      logger.warn({ attempt, error }, 'retrying');`,
        `    }`,
        `  }`,
        `  res.status(503).json({ error: 'upstream unavailable' });`,
        `}`,
      ].join('\n');
    case 'md':
      return `# ${team.service}\n\nOwned by the ${team.name} team (${team.channel}). Tickets go to ${team.project}.\n\n## Running locally\n\n\`\`\`sh\nmake dev\n\`\`\`\n\n## Deploying\n\nMerges to \`main\` deploy to staging automatically. Production deploys need an approved change in ${team.project} and a green canary for 30 minutes.\n\n## Runbooks\n\n- High latency: check the connection pool saturation panel first.\n- Error spike: compare with the last deploy marker before rolling back.\n`;
    case 'yaml':
    case 'yml':
      return `service: ${team.service}\nreplicas: ${r.int(2, 12)}\nresources:\n  cpu: ${r.pick(['250m', '500m', '1'])}\n  memory: ${r.pick(['512Mi', '1Gi', '2Gi'])}\ndatabase:\n  host: ${team.name}-db.internal\n  pool_size: ${r.int(10, 50)}\n  schema: ${team.dbSchema}\nfeature_flags:\n  new_checkout: ${r.chance(0.5)}\n  strict_idempotency: true\nlog_level: info\n`;
    case 'sql':
      return `{{ config(materialized='incremental', unique_key='order_id') }}\n\nselect\n    o.order_id,\n    o.customer_id,\n    o.created_at,\n    sum(li.amount_cents) / 100.0 as amount_eur,\n    count(*) as line_items\nfrom {{ ref('stg_orders') }} o\njoin {{ ref('stg_line_items') }} li using (order_id)\n{% if is_incremental() %}\nwhere o.created_at > (select max(created_at) from {{ this }})\n{% endif %}\ngroup by 1, 2, 3\n`;
    case 'go':
      return `package session\n\nimport (\n\t"context"\n\t"time"\n)\n\n// Store keeps sessions in Redis with a sliding expiry.\ntype Store struct {\n\tttl time.Duration\n}\n\nfunc (s *Store) Touch(ctx context.Context, id string) error {\n\treturn s.client.Expire(ctx, "sess:"+id, s.ttl).Err()\n}\n`;
    case 'json':
      return JSON.stringify({ name: team.service, version: `${r.int(1, 4)}.${r.int(0, 20)}.${r.int(0, 9)}`, private: true, scripts: { build: 'tsc -p .', test: 'vitest run' }, dependencies: { zod: '^4.0.0', pino: '^9.7.0' } }, null, 2);
    default:
      return `# ${path}\n\nall: build test\n\nbuild:\n\tdocker build -t ${team.service}:latest .\n\ntest:\n\tgo test ./...\n`;
  }
}
