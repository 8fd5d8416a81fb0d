import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { requireRole } from '@/lib/auth/server';

export const metadata: Metadata = { title: 'Prompts' };

export default async function PromptsPage() {
  await requireRole('analyst');
  return (
    <>
      <PageHeader title="Prompts"
        description="Every prompt version, checksummed and immutable, with word-level diffs between any two versions and drift alerts when production runs a prompt nobody registered." />
      <EmptyState title="No prompts registered yet" steps={[
        'Keep one file per prompt in your repository (Markdown with a front-matter header, or JSON).',
        <>Register them from CI with a <code>prompts:write</code> token; each change becomes a new checksummed version.</>,
        <>Have your MCP servers report <code>prompt_name</code>, <code>prompt_version</code> and <code>prompt_checksum</code> so drift is caught.</>,
      ]} />
    </>
  );
}
