import { z } from 'zod';
import { recordConsoleAction } from '../audit';
import { db } from '../db/client';
import { canonicalContent, promptChecksums } from './canonicalForm';
import {
  createPromptInput, createVersionInput, parsePromptInput, refusal, versionFields, auditActor, type PromptActor, type PromptResult,
} from './promptInputs';
import { toVersionView, type PromptVersionView } from './promptViews';
import { templateVariables } from './templateVariables';

const versionFieldsSchema = z.object(versionFields);
type VersionFields = z.output<typeof versionFieldsSchema>;

/** Canonical content with declared variables checked against the template's placeholders. */
function contentOf(fields: VersionFields): PromptResult<ReturnType<typeof canonicalContent>> {
  const used = templateVariables(fields.template);
  const declared = fields.variables ?? used;
  const undeclared = used.filter((name) => !declared.includes(name));
  if (undeclared.length > 0) return refusal(400, 'variables', `the template uses ${undeclared.map((name) => `{{${name}}}`).join(', ')}: declare ${undeclared.length > 1 ? 'them' : 'it'}`);
  return { ok: true, value: canonicalContent({ template: fields.template, variables: declared, parameters: fields.parameters ?? {} }) };
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === 'P2002'
  || /unique constraint|duplicate key/i.test(String((error as Error)?.message));

/** Appends the next version of a prompt (numbers are gapless; the prompt row is locked while numbering). */
async function appendVersion(promptId: string, promptName: string, fields: VersionFields, actor: PromptActor): Promise<PromptResult<PromptVersionView>> {
  const content = contentOf(fields);
  if (!content.ok) return content;
  const checksums = promptChecksums(content.value);
  try {
    const outcome = await db().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM prompts WHERE id = ${promptId} FOR UPDATE`;
      const latest = await tx.promptVersion.findFirst({ where: { promptId }, orderBy: { version: 'desc' } });
      const latestNumber = latest?.version ?? 0;
      if (fields.baseVersion !== undefined && fields.baseVersion !== latestNumber) {
        return refusal(409, 'baseVersion', `v${latestNumber} landed since v${fields.baseVersion}: review it and start again from v${latestNumber}`);
      }
      if (latest && latest.checksum === checksums.checksum) {
        return refusal(409, 'template', `nothing changed: identical to v${latest.version} (checksum ${checksums.checksum.slice(0, 12)}…)`);
      }
      const row = await tx.promptVersion.create({
        data: {
          promptId, version: latestNumber + 1, tag: fields.tag ?? null, template: content.value.template, variables: content.value.variables,
          parameters: content.value.parameters as object, checksum: checksums.checksum, templateChecksum: checksums.templateChecksum,
          author: actor.label, authorId: actor.id, message: fields.message ?? '',
        },
      });
      return { ok: true as const, value: toVersionView(row, promptName) };
    });
    if (outcome.ok) {
      await recordConsoleAction({
        ...auditActor(actor), action: 'prompt.version_created', target: `prompt:${promptName}`,
        details: { version: outcome.value.version, tag: outcome.value.tag, checksum: outcome.value.checksum, message: outcome.value.message },
      });
    }
    return outcome;
  } catch (error) {
    if (isUniqueViolation(error) && fields.tag) return refusal(409, 'tag', `tag ${fields.tag} is already used by another version of ${promptName}`);
    throw error;
  }
}

/** Registers a new version of an existing prompt. */
export async function createPromptVersion(input: unknown, actor: PromptActor): Promise<PromptResult<PromptVersionView>> {
  const parsed = parsePromptInput(createVersionInput, input);
  if (!parsed.ok) return parsed;
  const prompt = await db().prompt.findUnique({ where: { name: parsed.value.name } });
  if (!prompt) return refusal(404, 'name', `no prompt named ${parsed.value.name}`);
  return appendVersion(prompt.id, prompt.name, parsed.value, actor);
}

/** Registers a prompt with its first version. */
export async function createPrompt(input: unknown, actor: PromptActor): Promise<PromptResult<PromptVersionView>> {
  const parsed = parsePromptInput(createPromptInput, input);
  if (!parsed.ok) return parsed;
  const { name, description, owner, ...fields } = parsed.value;
  const content = contentOf(fields);
  if (!content.ok) return content;
  const existing = await db().prompt.findUnique({ where: { name } });
  if (existing) return refusal(409, 'name', `a prompt named ${name} exists: add a version to it instead`);
  let promptId: string;
  try {
    const created = await db().prompt.create({ data: { name, description: description ?? '', owner: owner ?? '', createdBy: actor.label, createdById: actor.id } });
    promptId = created.id;
  } catch (error) {
    if (isUniqueViolation(error)) return refusal(409, 'name', `a prompt named ${name} exists: add a version to it instead`);
    throw error;
  }
  await recordConsoleAction({ ...auditActor(actor), action: 'prompt.created', target: `prompt:${name}`, details: { description: description ?? '', owner: owner ?? '' } });
  return appendVersion(promptId, name, { ...fields, baseVersion: undefined }, actor);
}
