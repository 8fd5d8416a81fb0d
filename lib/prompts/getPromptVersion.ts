import { db } from '../db/client';
import { isEnvironment } from '../environment';
import { toVersionView, type PromptVersionView } from './promptViews';

/**
 * One version by reference: a number (`3`, `v3`), a semver tag (`1.4.0`), an environment label
 * (`staging`, `production`: what an MCP server fetches at start) or `latest`.
 */
export async function getPromptVersion(name: string, ref: string): Promise<PromptVersionView | null> {
  const prompt = await db().prompt.findUnique({ where: { name } });
  if (!prompt) return null;
  let row;
  if (/^v?\d{1,9}$/.test(ref)) {
    row = await db().promptVersion.findUnique({ where: { promptId_version: { promptId: prompt.id, version: Number(ref.replace(/^v/, '')) } } });
  } else if (ref === 'latest') {
    row = await db().promptVersion.findFirst({ where: { promptId: prompt.id }, orderBy: { version: 'desc' } });
  } else if (isEnvironment(ref)) {
    const label = await db().promptLabel.findUnique({ where: { promptId_environment: { promptId: prompt.id, environment: ref } } });
    row = label ? await db().promptVersion.findUnique({ where: { id: label.promptVersionId } }) : null;
  } else {
    row = await db().promptVersion.findUnique({ where: { promptId_tag: { promptId: prompt.id, tag: ref.replace(/^v(?=\d)/, '') } } });
  }
  return row ? toVersionView(row, prompt.name) : null;
}
