/** See workerBundle.mjs. */
export function bundledModule(options: { root: string; source: string; cache: string; name: string }): Promise<string | null>;
