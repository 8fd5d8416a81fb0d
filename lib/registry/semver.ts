/** Semantic Versioning 2.0.0: the parts Warden orders and compares tool versions by. */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string | null;
  text: string;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

export function parseSemVer(text: string): SemVer | null {
  const match = SEMVER.exec(text.trim());
  if (!match) return null;
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (![major, minor, patch].every(Number.isSafeInteger)) return null;
  return { major, minor, patch, prerelease: match[4] ?? null, text: text.trim() };
}

function comparePrerelease(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1; // 1.0.0 > 1.0.0-rc.1
  if (b === null) return -1;
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    if (xNumeric && yNumeric) {
      const diff = Number(x) - Number(y);
      if (diff !== 0) return Math.sign(diff);
    } else if (xNumeric !== yNumeric) {
      return xNumeric ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** Precedence order (build metadata ignored, as the spec says). */
export function compareSemVer(a: SemVer, b: SemVer): number {
  return Math.sign(a.major - b.major) || Math.sign(a.minor - b.minor) || Math.sign(a.patch - b.patch) || comparePrerelease(a.prerelease, b.prerelease);
}

export type Bump = 'major' | 'minor' | 'patch';

/**
 * What kind of step `next` is from `previous`. Below 1.0.0 the minor number plays the major's part
 * (0.3.x → 0.4.0 may break callers), as Cargo and npm's caret ranges read it.
 */
export function bumpKind(previous: SemVer, next: SemVer): Bump {
  if (next.major !== previous.major) return 'major';
  if (next.minor !== previous.minor) return previous.major === 0 ? 'major' : 'minor';
  return 'patch';
}

/** The smallest version that is a `bump` step after `version`, e.g. to suggest "use 2.0.0". */
export function nextVersion(version: SemVer, bump: Bump): string {
  if (bump === 'major') return version.major === 0 ? `0.${version.minor + 1}.0` : `${version.major + 1}.0.0`;
  if (bump === 'minor') return version.major === 0 ? `0.${version.minor}.${version.patch + 1}` : `${version.major}.${version.minor + 1}.0`;
  return `${version.major}.${version.minor}.${version.patch + 1}`;
}
