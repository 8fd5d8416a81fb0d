import { describe, expect, it } from 'vitest';
import { PAGE } from './databaseEntries';
import { defaultVerifyWorkers } from './verifyDatabaseLog';

describe('defaultVerifyWorkers', () => {
  it('checks a small log in this thread, whatever the cores', () => {
    expect(defaultVerifyWorkers(3 * PAGE - 1, 16)).toBe(0);
  });

  it('on two cores, which PostgreSQL shares, starts workers only for a large log', () => {
    expect(defaultVerifyWorkers(1_000_000, 1)).toBe(0);
    expect(defaultVerifyWorkers(200_000, 2)).toBe(0);
    expect(defaultVerifyWorkers(499_999, 2)).toBe(0);
    expect(defaultVerifyWorkers(500_000, 2)).toBe(2);
  });

  it('uses a worker per core, at most four, on larger machines', () => {
    expect(defaultVerifyWorkers(1_000_000, 3)).toBe(3);
    expect(defaultVerifyWorkers(3 * PAGE, 8)).toBe(4);
  });
});
