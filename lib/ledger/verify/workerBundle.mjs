// Plain JavaScript: worker threads load this before anything can compile TypeScript for them.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const stamp = (root, file) => {
  const { mtimeMs, size } = statSync(path.join(root, file));
  return `${mtimeMs}:${size}`;
};

/**
 * A bundle of the TypeScript module `source` and the sources it imports (packages stay imports), made with
 * esbuild and kept in `cache` as `<name>-<hash>.mjs`, beside `<name>.json` naming it and the sources it came
 * from with their modification times and sizes. It is made again as soon as any of them differs.
 * Returns the bundle's path, or null where none can be made or kept (no esbuild, a read-only tree).
 */
export async function bundledModule({ root, source, cache, name }) {
  const manifestFile = path.join(cache, `${name}.json`);
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    if (Object.entries(manifest.inputs).every(([file, seen]) => stamp(root, file) === seen)) return path.join(cache, manifest.bundle);
  } catch {
    // no manifest yet, or a source gone: make the bundle anew
  }
  try {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [source], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external',
      write: false, metafile: true, logLevel: 'silent', absWorkingDir: root,
    });
    const code = result.outputFiles[0].contents;
    const bundle = `${name}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
    const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((file) => [file, stamp(root, file)]));
    mkdirSync(cache, { recursive: true });
    // Written aside and renamed: other threads may be reading the cache at the same moment.
    const aside = `.${process.pid}-${Math.random().toString(36).slice(2)}`;
    writeFileSync(path.join(cache, bundle + aside), code);
    renameSync(path.join(cache, bundle + aside), path.join(cache, bundle));
    writeFileSync(manifestFile + aside, JSON.stringify({ bundle, inputs }));
    renameSync(manifestFile + aside, manifestFile);
    for (const file of readdirSync(cache)) {
      if (file.startsWith(`${name}-`) && file.endsWith('.mjs') && file !== bundle) rmSync(path.join(cache, file), { force: true });
    }
    return path.join(cache, bundle);
  } catch {
    return null;
  }
}
