import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import type { VaultServer } from '../servers/types.js';
import { addCounts } from '../stats.js';

/** What one rotation step cost. */
export interface StepCost {
  readonly ms: number;
  /** Remote calls by kind (`cativa GET /auth/me`, `aws PutSecretValue`) and adapter calls (`adapter aws stage`). */
  readonly calls: Readonly<Record<string, number>>;
}

/**
 * Times one step and counts what it called: Cativa at the simulator, each vault at its proxy,
 * and our adapters through the counting provider set (`adapterCounts`, cumulative).
 */
export async function measureStep(
  sim: CativaSimulator,
  servers: readonly VaultServer[],
  adapterCounts: Readonly<Record<string, number>>,
  step: () => Promise<unknown>,
): Promise<StepCost> {
  sim.resetCounters();
  for (const s of servers) s.resetCounters();
  const before = { ...adapterCounts };
  const start = performance.now();
  await step();
  const ms = performance.now() - start;
  const calls: Record<string, number> = {};
  const cativa = sim.requestCount();
  if (cativa > 0) calls['cativa GET /auth/me'] = cativa;
  for (const s of servers) addCounts(calls, s.calls());
  for (const [kind, n] of Object.entries(adapterCounts)) {
    const diff = n - (before[kind] ?? 0);
    if (diff > 0) calls[`adapter ${kind}`] = diff;
  }
  return { ms, calls };
}
