/**
 * `check(start)` for each start in turn, yielded in that order, with up to `window` checks in flight so
 * that the next ranges are under way while the caller handles one. A check left behind when the caller
 * stops early is still caught (a rejection nobody awaits must not go unhandled).
 */
export async function* inOrder<T>(starts: Iterable<number>, window: number, check: (start: number) => Promise<T>): AsyncGenerator<T> {
  const next = starts[Symbol.iterator]();
  const inFlight: Array<Promise<T>> = [];
  const launch = () => {
    while (inFlight.length < window) {
      const start = next.next();
      if (start.done) return;
      const result = check(start.value);
      result.catch(() => {});
      inFlight.push(result);
    }
  };
  launch();
  while (inFlight.length > 0) {
    const result = await inFlight.shift()!;
    launch();
    yield result;
  }
}

/** 0, step, 2·step, … below `end`. */
export function* steps(end: number, step: number): Generator<number> {
  for (let start = 0; start < end; start += step) yield start;
}
