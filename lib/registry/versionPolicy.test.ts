import { describe, expect, it } from 'vitest';
import type { ToolManifest } from './manifest';
import { bumpKind, compareSemVer, nextVersion, parseSemVer } from './semver';
import { judgeBump } from './versionPolicy';

const manifest = (version: string, inputSchema: Record<string, unknown>, extra: Partial<ToolManifest> = {}): ToolManifest =>
  ({ name: 'read_file', version, description: 'Reads a file', inputSchema, ...extra });
const v1 = manifest('1.2.0', { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] });
const breaking = { type: 'object', properties: { path: { type: 'string' }, encoding: { type: 'string' } }, required: ['path', 'encoding'] };
const additive = { type: 'object', properties: { path: { type: 'string' }, encoding: { type: 'string' } }, required: ['path'] };

describe('semver', () => {
  it('parses, orders (prereleases below their release) and classifies steps', () => {
    expect(parseSemVer('1.2')).toBeNull();
    expect(parseSemVer('01.2.3')).toBeNull();
    expect(parseSemVer('1.2.3-rc.1+build.5')).toMatchObject({ major: 1, minor: 2, patch: 3, prerelease: 'rc.1' });
    const sorted = ['1.0.0', '1.0.0-rc.1', '1.0.0-alpha', '0.9.9', '1.0.0-rc.10', '1.0.0-rc.2'].map((text) => parseSemVer(text)!).sort(compareSemVer).map((v) => v.text);
    expect(sorted).toEqual(['0.9.9', '1.0.0-alpha', '1.0.0-rc.1', '1.0.0-rc.2', '1.0.0-rc.10', '1.0.0']);
    expect(bumpKind(parseSemVer('1.2.0')!, parseSemVer('2.0.0')!)).toBe('major');
    expect(bumpKind(parseSemVer('1.2.0')!, parseSemVer('1.3.0')!)).toBe('minor');
    expect(bumpKind(parseSemVer('0.2.0')!, parseSemVer('0.3.0')!)).toBe('major');
    expect(nextVersion(parseSemVer('1.2.3')!, 'major')).toBe('2.0.0');
  });
});

describe('semver enforcement', () => {
  it('refuses a breaking change registered as a minor, with the reason and the version to use', () => {
    const verdict = judgeBump(v1, manifest('1.3.0', breaking));
    expect(verdict).toMatchObject({ ok: false, bump: 'minor', required: 'major' });
    expect(verdict.reason).toBe('read_file 1.3.0 is a minor step from 1.2.0, but it makes 1 breaking change that needs a major version (at least 2.0.0): required field `encoding` added [required_added].');
  });

  it('refuses it as a patch too, and accepts it as a major', () => {
    expect(judgeBump(v1, manifest('1.2.1', breaking)).ok).toBe(false);
    expect(judgeBump(v1, manifest('2.0.0', breaking))).toMatchObject({ ok: true, bump: 'major', required: 'major' });
  });

  it('wants at least a minor for additions, any step for cosmetic changes', () => {
    expect(judgeBump(v1, manifest('1.2.1', additive))).toMatchObject({ ok: false, required: 'minor' });
    expect(judgeBump(v1, manifest('1.3.0', additive)).ok).toBe(true);
    expect(judgeBump(v1, manifest('1.2.1', v1.inputSchema, { description: 'Reads a UTF-8 file' }))).toMatchObject({ ok: true, required: 'patch' });
  });

  it('reads 0.x the Cargo way: a minor step may break, a patch may add', () => {
    const zero = manifest('0.4.1', v1.inputSchema);
    expect(judgeBump(zero, manifest('0.4.2', breaking)).ok).toBe(false);
    expect(judgeBump(zero, manifest('0.5.0', breaking)).ok).toBe(true);
    expect(judgeBump(zero, manifest('0.4.2', additive)).ok).toBe(true);
  });

  it('judges the output schema in the reader\'s direction', () => {
    const withOutput = manifest('1.2.0', v1.inputSchema, { outputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } });
    const verdict = judgeBump(withOutput, manifest('1.3.0', v1.inputSchema, { outputSchema: { type: 'object', properties: { text: { type: 'string' } } } }));
    expect(verdict.ok).toBe(false);
    expect(verdict.reason).toContain('output: field `text` is no longer required [required_removed]');
  });
});
