import type { Metadata } from 'next';
import { CreatePromptForm } from '@/components/prompts/CreatePromptForm';
import { PromptList } from '@/components/prompts/PromptList';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { hasRole } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/server';
import { listPrompts } from '@/lib/prompts';
import { createPromptAction } from './actions';

export const metadata: Metadata = { title: 'Prompts' };

export default async function PromptsPage({ searchParams }: { searchParams: Promise<{ missing?: string | string[] }> }) {
  const user = await requireRole('analyst');
  const prompts = await listPrompts();
  const canWrite = hasRole(user.role, 'lead');
  const { missing } = await searchParams;
  return (
    <>
      <PageHeader title="Prompts"
        description="Every prompt version, checksummed and immutable, with word-level diffs between any two versions and drift alerts when production runs a prompt nobody registered." />
      {missing && <p role="alert" data-testid="missing-prompt" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">No prompt named “{String(missing)}” is registered.</p>}
      <div className={canWrite ? 'grid gap-6 xl:grid-cols-[1fr_28rem]' : ''}>
        {prompts.length === 0 ? (
          <EmptyState title="No prompts registered yet" steps={[
            'Keep one file per prompt in your repository (Markdown with a front-matter header, or JSON).',
            <>Register them from CI with <code>warden prompt push prompts/</code> and a staging <code>prompts:write</code> token; each change becomes a new checksummed version.</>,
            <>Have your MCP servers report <code>prompt_name</code>, <code>prompt_version</code> and <code>prompt_checksum</code> so drift is caught.</>,
          ]} />
        ) : (
          <PromptList prompts={prompts.map((prompt) => ({
            name: prompt.name, description: prompt.description, owner: prompt.owner, latestVersion: prompt.latestVersion,
            latestAt: prompt.latestAt?.toISOString() ?? null, labels: prompt.labels,
          }))} />
        )}
        {canWrite && <CreatePromptForm action={createPromptAction} />}
      </div>
    </>
  );
}
