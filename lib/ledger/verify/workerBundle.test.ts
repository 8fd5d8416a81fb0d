import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledModule as bundle } from './workerBundle.mjs';

const root = mkdtempSync(path.join(os.tmpdir(), 'warden-worker-bundle-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const options = { root, source: path.join(root, 'main.ts'), cache: path.join(root, 'cache'), name: 'thread' };
const valueOf = async (file: string): Promise<unknown> => ((await import(`${pathToFileURL(file).href}?t=${Math.random()}`)) as { value: unknown }).value;

describe('worker bundles', () => {
  it('bundles a TypeScript module with what it imports, reuses it while the sources stand, and makes it again when one changes', async () => {
    writeFileSync(path.join(root, 'main.ts'), "import { base } from './base.ts';\nexport const value: number = base * 2;\n");
    writeFileSync(path.join(root, 'base.ts'), 'export const base: number = 21;\n');
    const first = await bundle(options);
    expect(first).not.toBeNull();
    expect(await valueOf(first!)).toBe(42);
    const manifest = readFileSync(path.join(root, 'cache', 'thread.json'), 'utf8');
    expect(Object.keys(JSON.parse(manifest).inputs as object).sort()).toEqual(['base.ts', 'main.ts']);

    expect(await bundle(options)).toBe(first);
    expect(readFileSync(path.join(root, 'cache', 'thread.json'), 'utf8')).toBe(manifest);

    // A changed import, even one of the same size, is noticed through its modification time.
    writeFileSync(path.join(root, 'base.ts'), 'export const base: number = 50;\n');
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(root, 'base.ts'), later, later);
    const second = await bundle(options);
    expect(second).not.toBe(first);
    expect(await valueOf(second!)).toBe(100);
    expect(existsSync(first!)).toBe(false);
  });

  it('answers null where no bundle can be made, so the thread falls back to compiling the sources', async () => {
    writeFileSync(path.join(root, 'broken.ts'), 'export const value = ;\n');
    expect(await bundle({ ...options, source: path.join(root, 'broken.ts'), name: 'broken' })).toBeNull();
    expect(await bundle({ ...options, source: path.join(root, 'missing.ts'), name: 'missing' })).toBeNull();
  });
});
