import { createUser } from '../../lib/auth/users';
import { createPrompt, createPromptVersion } from '../../lib/prompts';
import { createModelConfigVersion, createRelease, registerToolVersion, type SessionActor } from '../../lib/registry';

export const ADMIN = { id: null as string | null, email: 'ada@example.com' };

export async function sessionUser(email: string, role: 'analyst' | 'lead' | 'admin'): Promise<SessionActor> {
  const user = await createUser({ email, password: `${email} passphrase long`, role });
  return { via: 'session', id: user.id, email: user.email, role };
}

export const readFileSchema = (required: string[] = ['path']) => ({
  type: 'object', properties: { path: { type: 'string' }, encoding: { type: 'string', enum: ['utf-8', 'latin1'] } }, required,
});

export function toolManifest(name: string, version: string, inputSchema: Record<string, unknown> = readFileSchema(), extra: Record<string, unknown> = {}) {
  return { name, version, owner: 'team-docs', description: `${name} does its job`, inputSchema, ...extra };
}

export async function must<T>(promise: Promise<{ ok: true; value: T } | { ok: false; message: string }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`expected success, got: ${result.message}`);
  return result.value;
}

/** Two tools, a prompt with two versions, a model config with a fallback and a previous version; `count` releases. */
export async function seedReleases(count: number, prefix = 'r') {
  await must(registerToolVersion(toolManifest(`${prefix}_read_file`, '1.0.0'), ADMIN));
  await must(registerToolVersion(toolManifest(`${prefix}_search`, '1.0.0'), ADMIN));
  const prompt = await createPrompt({ name: `${prefix}-system`, template: 'You are careful. {{task}}', variables: 'task' }, { id: null, label: ADMIN.email });
  if (!prompt.ok) throw new Error(prompt.message);
  const model1 = await must(createModelConfigVersion({ name: `${prefix}-main`, provider: 'openai', modelId: 'gpt-4.1', parameters: { temperature: 0.2 } }, ADMIN));
  const model2 = await must(createModelConfigVersion({ name: `${prefix}-main`, provider: 'anthropic', modelId: 'claude-sonnet-4', fallbacks: [{ provider: 'openai', modelId: 'gpt-4.1-mini' }] }, ADMIN));
  const releases: Array<{ id: string; name: string }> = [];
  for (let i = 1; i <= count; i++) {
    const version = await createPromptVersion({ name: `${prefix}-system`, template: `You are careful (v${i + 1}). {{task}}`, variables: 'task' }, { id: null, label: ADMIN.email });
    if (!version.ok) throw new Error(version.message);
    await must(registerToolVersion(toolManifest(`${prefix}_read_file`, `1.${i}.0`, readFileSchema(), { description: `read v${i}` }), ADMIN));
    releases.push(await must(createRelease({
      name: `${prefix}-${i}`, notes: `release ${i}`, tools: [`${prefix}_read_file@1.${i}.0`, `${prefix}_search@1.0.0`], prompts: [version.value.id], modelConfig: i === 1 ? model1.version.id : model2.version.id,
    }, ADMIN)));
  }
  return { releases, model1, model2, promptName: `${prefix}-system` };
}
