import type { LaunchProfile } from '@/lib/policies/launchProfile';
import { CodeBlock } from '../ui/CodeBlock';

/** The container launch profile for a policy version: what an operator pastes to run the agent confined to it. */
export function LaunchProfileView({ profile }: { profile: LaunchProfile }) {
  return (
    <section aria-label="Launch profile" data-testid="launch-profile" className="rounded-xl border border-slate-200 bg-white p-5">
      <h2 className="text-lg font-semibold">Launch profile (v{profile.version})</h2>
      <ul className="mt-2 list-disc pl-5 text-sm text-slate-700">{profile.notes.map((note) => <li key={note}>{note}</li>)}</ul>
      {profile.networkSetup && <CodeBlock title="1. Network and egress proxy (once per host)" code={profile.networkSetup} />}
      {profile.proxyConfig && <CodeBlock title={`2. ${profile.names.proxy}.squid.conf (the allow-list)`} code={profile.proxyConfig} />}
      <CodeBlock title={`${profile.networkSetup ? '3. ' : ''}Run the agent (replace the image)`} code={profile.dockerCommand} />
      <p className="mt-3 text-sm text-slate-600"><strong>gVisor:</strong> {profile.gvisorNote}</p>
    </section>
  );
}
