/** The round trips an audit cannot avoid, by how they can overlap. */
export interface RoundTrips {
  /** Calls that may run `concurrency` at a time, by kind (e.g. `/auth/me`: N). */
  readonly parallel: Readonly<Record<string, number>>;
  /** Calls that must follow one another (e.g. ListSecrets pages, each needing the last token). */
  readonly sequential: Readonly<Record<string, number>>;
}

/** The least wall time latency alone imposes, and how it was computed. */
export interface Floor {
  readonly floorMs: number;
  /** e.g. `(1000 /auth/me) / 16 x 50 ms = 3125 ms`. */
  readonly formula: string;
}

/**
 * The latency floor: `(parallel round trips / concurrency + sequential round trips) x latency`.
 * Our own code's time is what a run spends above it. Parallel calls are counted exactly (not
 * rounded up to whole waves) because the formula is `(round trips / concurrency) x latency`.
 */
export function latencyFloor(trips: RoundTrips, concurrency: number, latencyMs: number): Floor {
  const sum = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((a, b) => a + b, 0);
  const terms = (r: Readonly<Record<string, number>>) =>
    Object.entries(r)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(' + ');
  const parallel = sum(trips.parallel);
  const sequential = sum(trips.sequential);
  const floorMs = (parallel / concurrency + sequential) * latencyMs;
  const parts = [];
  if (parallel > 0) parts.push(`(${terms(trips.parallel)}) / ${concurrency}`);
  if (sequential > 0) parts.push(`(${terms(trips.sequential)})`);
  const formula = `(${parts.join(' + ')}) x ${latencyMs} ms = ${Math.round(floorMs)} ms`;
  return { floorMs, formula };
}
