import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import type { RoundTrips } from './floor.js';

/** A vault the audit is measured against, with its fixture and its remote-call counters. */
export interface AuditBackend {
  /** `file`, `aws`: the case ids' second part. */
  readonly name: string;
  /** Seeds `n` valid keys and writes their config; the Cativa keys come from `sim`. */
  prepare(sim: CativaSimulator, n: number): Promise<{ readonly configPath: string }>;
  /** The round trips to the vault and Cativa that an audit of `n` keys cannot avoid. */
  unavoidable(n: number): RoundTrips;
  /** Sets the injected latency per remote vault call (Cativa's is set on the simulator). */
  setLatency(ms: number): void;
  /** Remote vault calls by kind since the last reset (nothing for a local file). */
  remoteCalls(): Readonly<Record<string, number>>;
  resetCounters(): void;
  /** Environment for the audit process (endpoints, credentials of the local servers). */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** A backend, or why it cannot run here. */
export type BackendStart = AuditBackend | { readonly unavailable: string };
