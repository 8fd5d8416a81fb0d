// Child process of createApiTokens: reads token specs as JSON on stdin, prints {key: secret} as the last line.
import { disconnectDb } from '../../lib/db';
import { closePool } from '../../lib/db/pool';
import { createToken } from '../../lib/tokens';
import type { TokenSpec } from './apiTokens';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const specs = JSON.parse(Buffer.concat(chunks).toString('utf8')) as TokenSpec[];
const out: Record<string, string> = {};
for (const spec of specs) {
  out[spec.key] = (await createToken({ name: `e2e ${spec.key}`, environment: spec.environment, scopes: spec.scopes, expiresInDays: 1, createdBy: 'e2e' })).token;
}
await disconnectDb();
await closePool();
process.stdout.write(JSON.stringify(out) + '\n');
