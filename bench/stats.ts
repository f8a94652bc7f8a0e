/** Median, min and max of repeated measurements of one figure. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** How many measurements. */
  readonly runs: number;
}

/** Summarises measurements; the median of an even count is the mean of the middle two. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('cannot summarise zero measurements');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    median,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    runs: sorted.length,
  };
}

/** `123 ms (110–140)`: median with the range, rounded for people. */
export function formatSummary(s: Summary, unit: string, digits = 0): string {
  const f = (n: number) => n.toFixed(digits);
  return s.runs === 1
    ? `${f(s.median)} ${unit}`
    : `${f(s.median)} ${unit} (${f(s.min)}–${f(s.max)})`;
}

/** Adds up counters by kind. */
export function addCounts(
  into: Record<string, number>,
  more: Readonly<Record<string, number>>,
): Record<string, number> {
  for (const [kind, n] of Object.entries(more)) into[kind] = (into[kind] ?? 0) + n;
  return into;
}
