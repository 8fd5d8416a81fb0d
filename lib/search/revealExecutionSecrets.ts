import { recordConsoleAction } from '../audit';
import type { Environment } from '../environment';
import { getExecution, type ExecutionDetail } from './getExecution';
import { maskExecutionContent, type ContentField, type ExecutionContent } from './maskSecrets';

/** The free-text and JSON fields of an execution, by API name (what masking works on). */
export function executionContent(detail: ExecutionDetail): ExecutionContent {
  return {
    prompt: detail.prompt, arguments: detail.arguments, output: detail.output, error: detail.error,
    side_effects: detail.sideEffects, attributes: detail.attributes,
  };
}

/** What the console shows by default: the content with every recognised secret masked. */
export function maskedExecutionContent(detail: ExecutionDetail) {
  return maskExecutionContent(executionContent(detail));
}

export interface RevealedSecrets {
  /** The unmasked values of the fields that had something masked (the others are not sent). */
  content: ExecutionContent;
  fields: ContentField[];
}

/**
 * The unmasked content of one execution, for a user the caller has checked may see it (lead or
 * higher). Recorded in the console log first — who, which execution, which fields — so a reveal
 * is never silent; null when there is no such execution.
 */
export async function revealExecutionSecrets(
  environment: Environment, seq: number, actor: { id: string; email: string }, sourceIp: string | null = null,
): Promise<RevealedSecrets | null> {
  const detail = await getExecution(environment, seq);
  if (!detail) return null;
  const { masked, kinds } = maskedExecutionContent(detail);
  const content = executionContent(detail);
  await recordConsoleAction({
    actor: { id: actor.id, label: actor.email }, action: 'execution.secret_revealed', target: `execution:${environment}/${seq}`,
    details: { fields: masked, kinds }, sourceIp,
  });
  return { content: Object.fromEntries(masked.map((field) => [field, content[field]])), fields: masked };
}
