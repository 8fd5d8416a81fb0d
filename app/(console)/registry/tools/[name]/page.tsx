import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Section, TABLE, TD, TH, when } from '@/components/registry/RegistryTables';
import { TextDiffView } from '@/components/registry/TextDiffView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requireRole } from '@/lib/auth/server';
import { wordDiffHunks } from '@/lib/prompts/wordDiff';
import { getToolManifest, listTools, manifestChanges, type ToolManifest } from '@/lib/registry';

export const metadata: Metadata = { title: 'Tool' };

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function ToolPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('analyst');
  const name = decodeURIComponent((await params).name);
  const query = await searchParams;
  const tool = (await listTools()).find((candidate) => candidate.name === name);
  if (!tool) redirect(`/registry?missing=tool`);
  const versions = tool.versions.map((version) => version.version);
  const to = one(query.to) && versions.includes(one(query.to)!) ? one(query.to)! : versions[0]!;
  const from = one(query.from) && versions.includes(one(query.from)!) ? one(query.from)! : versions[versions.indexOf(to) + 1] ?? null;
  const [toManifest, fromManifest] = await Promise.all([getToolManifest(name, to), from ? getToolManifest(name, from) : null]);
  const changes = toManifest && fromManifest ? manifestChanges(fromManifest.manifest as unknown as ToolManifest, toManifest.manifest as unknown as ToolManifest) : [];
  const text = (manifest: { manifest: unknown } | null) => (manifest ? JSON.stringify(manifest.manifest, null, 2) : '');
  return (
    <>
      <PageHeader title={tool.name} description={`Owned by ${tool.owner}. Each version's manifest is immutable; its input schema hash is what executions report as input_schema_hash.`} />
      <Section title="Versions" testId="tool-versions">
        <table className={TABLE}>
          <thead><tr><th className={TH}>Version</th><th className={TH}>Description</th><th className={TH}>Input schema hash</th><th className={TH}>Source</th><th className={TH}>Registered</th><th className={TH} /></tr></thead>
          <tbody>{tool.versions.map((version, index) => (
            <tr key={version.id}>
              <td className={TD}>{version.version}</td>
              <td className={TD}>{version.description}</td>
              <td className={`${TD} font-mono text-xs`} title={version.inputSchemaHash}>{version.inputSchemaHash.slice(0, 16)}…</td>
              <td className={TD}>{version.source}</td>
              <td className={TD}>{version.createdBy} · {when(version.createdAt)}</td>
              <td className={TD}>{tool.versions[index + 1] && <Link className="text-sky-700 hover:underline" href={`?from=${tool.versions[index + 1]!.version}&to=${version.version}&view=diff`}>diff with {tool.versions[index + 1]!.version}</Link>}</td>
            </tr>
          ))}</tbody>
        </table>
      </Section>
      <Section title={from ? `${from} → ${to}` : `Manifest ${to}`} testId="tool-diff">
        {changes.length > 0 && (
          <ul className="mb-3 space-y-0.5 text-sm">
            {changes.map((change, index) => <li key={index}><span className="font-medium">{change.severity}</span>: {change.part === 'outputSchema' ? 'output: ' : ''}{change.message} <span className="text-xs text-slate-400">[{change.rule}]</span></li>)}
          </ul>
        )}
        <TextDiffView title="manifest" fromLabel={from ?? 'nothing'} toLabel={to} hunks={wordDiffHunks(text(fromManifest), text(toManifest), from ? 3 : 10_000)} />
      </Section>
    </>
  );
}
