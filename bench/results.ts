import type { CodeInfo, MachineInfo } from './machine.js';
import type { BenchOptions, SectionName } from './options.js';
import type { Summary } from './stats.js';

/**
 * One measured case, e.g. `audit/file/N=1000/L=50ms`. The id is stable across commits, so two
 * results files can be compared case by case and figure by figure.
 */
export interface CaseResult {
  readonly id: string;
  readonly section: SectionName;
  /** `not-available`: a part it needs has not landed or a local server is missing. */
  readonly status: 'ok' | 'not-available' | 'failed';
  /** Why the case is not available or failed (never a secret). */
  readonly reason?: string;
  /** Timings and sizes, each measured `runs` times. Names end in their unit (`wallMs`, `peakRssMb`). */
  readonly figures: Readonly<Record<string, Summary>>;
  /** Remote calls by kind (e.g. `cativa GET /auth/me`, `aws ListSecrets`), per run. */
  readonly calls?: Readonly<Record<string, Summary>>;
  /** Case parameters and derived values (floor formula, sizes), for the table and the reader. */
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

/** Where a target of issue #8 stands. */
export interface TargetResult {
  readonly target: string;
  /** What was measured, for people. */
  readonly measured: string;
  readonly verdict: 'met' | 'missed' | 'not available';
}

/** The whole of `bench/results.json`. */
export interface BenchResults {
  readonly format: 1;
  readonly startedAt: string;
  readonly durationS: number;
  readonly machine: MachineInfo;
  readonly code: CodeInfo;
  readonly options: BenchOptions;
  readonly cases: readonly CaseResult[];
  readonly targets: readonly TargetResult[];
}

/** A case that could not run because `reason`. */
export function notAvailable(id: string, section: SectionName, reason: string): CaseResult {
  return { id, section, status: 'not-available', reason, figures: {} };
}

/** A case that broke; the bench goes on with the others. */
export function failed(id: string, section: SectionName, error: unknown): CaseResult {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { id, section, status: 'failed', reason, figures: {} };
}
