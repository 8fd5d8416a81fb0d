// Plain JavaScript on purpose: it runs before TypeScript can be loaded, to make sure the
// generated Prisma Client exists and matches prisma/schema.prisma.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function mtime(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

export function ensurePrismaClient() {
  const schema = path.join(ROOT, 'prisma', 'schema.prisma');
  const generated = path.join(ROOT, 'lib', 'db', 'generated', 'client.ts');
  if (mtime(generated) > mtime(schema)) return;
  // `prisma generate` never runs the schema engine, but the CLI insists the path exists; the
  // engine cannot be downloaded offline, so point it at any file.
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'prisma', 'build', 'index.js'), 'generate'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || schema, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  if (result.status !== 0) throw new Error('prisma generate failed');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) ensurePrismaClient();
