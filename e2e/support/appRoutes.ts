import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface AppRoute {
  kind: 'page' | 'api';
  /** The route as written in app/, e.g. `/api/auth/[...nextauth]`. */
  pattern: string;
  method: string;
  /** `page /admin` or `POST /api/environment`: the key of the access table. */
  key: string;
}

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:async\s+)?(?:function|const)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) found.add(match[1]!);
  for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of match[1]!.split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop()!;
      if (HTTP_METHODS.includes(name)) found.add(name);
    }
  }
  return [...found].sort();
}

/** Every page and route handler under app/, found by walking the tree, so none can be left out. */
export function discoverAppRoutes(appDir = path.resolve('app')): AppRoute[] {
  const routes: AppRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith('_') || entry.name.startsWith('@')) continue;
        walk(full, /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name]);
        continue;
      }
      const pattern = '/' + segments.join('/');
      if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) {
        routes.push({ kind: 'page', pattern, method: 'GET', key: `page ${pattern}` });
      } else if (/^route\.(ts|js)$/.test(entry.name)) {
        const methods = exportedMethods(readFileSync(full, 'utf8'));
        if (methods.length === 0) throw new Error(`${full} exports no HTTP method the matrix recognises`);
        for (const method of methods) routes.push({ kind: 'api', pattern, method, key: `${method} ${pattern}` });
      }
    }
  };
  walk(appDir, []);
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}
