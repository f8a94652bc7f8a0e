import { join } from 'node:path';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { createRotationEngine } from '../../src/rotation/engine.js';
import type { Secret } from '../../src/secret.js';
import { BENCH_TENANT } from '../audit/config-file.js';
import type { BenchOptions } from '../options.js';
import { type CaseResult, failed, notAvailable } from '../results.js';
import { startAwsServer } from '../servers/aws.js';
import { startDopplerServer } from '../servers/doppler.js';
import { applyEnv, type ServerStart, type VaultServer } from '../servers/types.js';
import { summarize } from '../stats.js';
import { ROTATION_KEY, rotationFixture } from './fixture.js';
import { measureStep, type StepCost } from './measure.js';

const STEPS = ['stage', 'validate', 'promote', 'retire'] as const;
type Step = (typeof STEPS)[number];

/** One set of locations to rotate over. */
interface Combo {
  readonly name: string;
  readonly servers: () => Promise<ServerStart[]>;
  /** The replicas' locations (the primary is always a file-vault entry). */
  readonly replicas: (servers: readonly VaultServer[]) => Record<string, unknown>[];
}

const COMBOS: readonly Combo[] = [
  {
    // The engine's own cost: no remote vault, only Cativa's round trips.
    name: 'file+file',
    servers: async () => [],
    replicas: () => [{ provider: 'file', entry: 'rotation-replica', path: 'replica.json' }],
  },
  {
    name: 'file+aws+doppler',
    servers: async () => [await startAwsServer(), await startDopplerServer()],
    replicas: (servers) => servers.map((s) => ({ ...s.location('rotation') })),
  },
];

/**
 * Rotation: one key over a file-vault primary and its replicas, driven through the rotation
 * engine step by step (stage, validate, promote, then retire once the simulator revoked the old
 * key), `runs` times at each latency. Each run rotates the key the previous run promoted.
 */
export async function rotationSection(
  options: BenchOptions,
  root: string,
  log: (line: string) => void,
): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  const sim = await startCativaSimulator();
  try {
    for (const combo of COMBOS) {
      const ids = options.latencies.map((l) => `rotation/${combo.name}/L=${l}ms`);
      let started: ServerStart[];
      try {
        started = await combo.servers();
      } catch (error) {
        for (const id of ids) cases.push(failed(id, 'rotation', error));
        continue;
      }
      const servers = started.filter((s): s is VaultServer => !('unavailable' in s));
      const missing = started.flatMap((s) => ('unavailable' in s ? [s.unavailable] : []));
      try {
        if (missing.length > 0) {
          log(`rotation ${combo.name}: not available: ${missing.join('; ')}`);
          for (const id of ids) cases.push(notAvailable(id, 'rotation', missing.join('; ')));
          continue;
        }
        cases.push(...(await runCombo(combo, servers, sim, options, join(root, combo.name), log)));
      } finally {
        for (const s of servers) await s.close();
      }
    }
  } finally {
    await sim.close();
  }
  return cases;
}

async function runCombo(
  combo: Combo,
  servers: readonly VaultServer[],
  sim: CativaSimulator,
  options: BenchOptions,
  dir: string,
  log: (line: string) => void,
): Promise<CaseResult[]> {
  // The AWS SDK reads its endpoint and credentials from process.env (its default chain).
  const restore = applyEnv(Object.assign({}, ...servers.map((s) => s.env)));
  const cases: CaseResult[] = [];
  try {
    const fixture = await rotationFixture(
      sim,
      dir,
      combo.replicas(servers),
      servers,
      options.concurrency,
    );
    const engine = createRotationEngine({
      cativa: fixture.context.cativa,
      clock: fixture.context.clock,
    });
    const { target } = fixture;
    let current: Secret = fixture.current;
    for (const latency of options.latencies) {
      const id = `rotation/${combo.name}/L=${latency}ms`;
      log(`${id}: ${options.runs} run(s)`);
      sim.setLatency(latency);
      for (const s of servers) s.setLatency(latency);
      try {
        const runs: Record<Step, StepCost>[] = [];
        for (let r = 0; r < options.runs; r++) {
          const next = sim.createKey({ tenant: BENCH_TENANT, name: ROTATION_KEY });
          const old = current;
          const measure = (step: () => Promise<unknown>) =>
            measureStep(sim, servers, fixture.adapterCounts, step);
          const stage = await measure(() => engine.stage(target, next));
          const validate = await measure(() => engine.validate(target));
          const promote = await measure(() => engine.promote(target));
          current = next;
          sim.revokeKey(old);
          const retire = await measure(async () => {
            const outcome = await engine.retire(target);
            if (outcome.status !== 'retired') throw new Error(`retire: ${outcome.status}`);
          });
          runs.push({ stage, validate, promote, retire });
        }
        cases.push(stepCase(id, combo.name, latency, runs));
      } catch (error) {
        cases.push(failed(id, 'rotation', error));
      }
    }
  } finally {
    restore();
  }
  return cases;
}

function stepCase(
  id: string,
  locations: string,
  latency: number,
  runs: readonly Record<Step, StepCost>[],
): CaseResult {
  const figures = Object.fromEntries(
    STEPS.map((step) => [`${step}Ms`, summarize(runs.map((r) => r[step].ms))]),
  );
  const calls: Record<string, ReturnType<typeof summarize>> = {};
  for (const step of STEPS) {
    const kinds = new Set(runs.flatMap((r) => Object.keys(r[step].calls)));
    for (const kind of kinds) {
      calls[`${step}: ${kind}`] = summarize(runs.map((r) => r[step].calls[kind] ?? 0));
    }
  }
  return {
    id,
    section: 'rotation',
    status: 'ok',
    figures: {
      ...figures,
      totalMs: summarize(runs.map((r) => STEPS.reduce((sum, s) => sum + r[s].ms, 0))),
    },
    calls,
    details: { locations, latencyMs: latency },
  };
}
