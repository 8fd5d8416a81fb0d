/**
 * Seeded randomness for the demo data. Everything in lib/demo draws from one of these so a seed
 * reproduces a data set byte for byte; Math.random would make tests and screenshots drift.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: tiny, fast, and good enough for synthetic data (not for anything secret). */
  float(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Inclusive on both ends. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return this.at(items, Math.floor(this.float() * items.length));
  }

  /** Favours the front of the list, so a few users, agents and tools do most of the work, as in real logs. */
  skewed<T>(items: readonly T[], power = 1.8): T {
    return this.at(items, Math.floor(this.float() ** power * items.length));
  }

  sample<T>(items: readonly T[], n: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(this.float() * pool.length), 1)[0] as T);
    return out;
  }

  normal(): number {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** Latencies and think times have long right tails; a log-normal reproduces that with two knobs. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.float() * alphabet.length)];
    return out;
  }

  hex(length: number): string {
    return this.chars(length, '0123456789abcdef');
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }

  private at<T>(items: readonly T[], index: number): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[Math.min(index, items.length - 1)] as T;
  }
}
