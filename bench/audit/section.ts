import { fileURLToPath } from 'node:url';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import { forkForMessage } from '../child-process.js';
import type { BenchOptions } from '../options.js';
import { type CaseResult, failed, notAvailable } from '../results.js';
import { addCounts, summarize } from '../stats.js';
import type { BackendStart } from './backend.js';
import type { AuditChildResult } from './child.js';
import { latencyFloor } from './floor.js';

const CHILD = fileURLToPath(new URL('./child.js', import.meta.url));

/** A backend to measure at these sizes; started lazily so a missing server skips only its cases. */
export interface AuditPlan {
  readonly name: string;
  readonly sizes: readonly number[];
  start(): Promise<BackendStart>;
}

/** Kinds of remote call, as they appear in the case's `calls`. */
const CATIVA = 'cativa GET /auth/me';

/**
 * Audit scaling: each backend at each size and latency, each run in a fresh process (so its
 * peak RSS is its own), against one Cativa simulator in this process.
 */
export async function auditSection(
  options: BenchOptions,
  plans: readonly AuditPlan[],
  log: (line: string) => void,
): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  const sim = await startCativaSimulator();
  try {
    for (const plan of plans) {
      const ids = plan.sizes.flatMap((n) =>
        options.latencies.map((l) => ({ n, l, id: `audit/${plan.name}/N=${n}/L=${l}ms` })),
      );
      let backend: BackendStart;
      try {
        backend = await plan.start();
      } catch (error) {
        for (const { id } of ids) cases.push(failed(id, 'audit', error));
        continue;
      }
      if ('unavailable' in backend) {
        log(`audit ${plan.name}: not available: ${backend.unavailable}`);
        for (const { id } of ids) cases.push(notAvailable(id, 'audit', backend.unavailable));
        continue;
      }
      try {
        for (const n of plan.sizes) {
          sim.setLatency(0);
          backend.setLatency(0);
          let configPath: string;
          try {
            log(`audit ${plan.name}: seeding ${n} keys`);
            ({ configPath } = await backend.prepare(sim, n));
          } catch (error) {
            for (const { id } of ids.filter((c) => c.n === n))
              cases.push(failed(id, 'audit', error));
            continue;
          }
          for (const latency of options.latencies) {
            const id = `audit/${plan.name}/N=${n}/L=${latency}ms`;
            log(`${id}: ${options.runs} run(s)`);
            sim.setLatency(latency);
            backend.setLatency(latency);
            try {
              cases.push(await measure(id, n, latency, configPath, options, sim, backend));
            } catch (error) {
              cases.push(failed(id, 'audit', error));
            }
          }
        }
      } finally {
        await backend.close();
      }
    }
  } finally {
    await sim.close();
  }
  return cases;
}

async function measure(
  id: string,
  n: number,
  latency: number,
  configPath: string,
  options: BenchOptions,
  sim: Awaited<ReturnType<typeof startCativaSimulator>>,
  backend: Exclude<BackendStart, { unavailable: string }>,
): Promise<CaseResult> {
  const runs: AuditChildResult[] = [];
  const calls: Record<string, number>[] = [];
  for (let r = 0; r < options.runs; r++) {
    sim.resetCounters();
    backend.resetCounters();
    const result = await forkForMessage<AuditChildResult>(CHILD, [configPath], {
      ...process.env,
      ...backend.env,
    });
    if (result.summary.ok !== n) {
      const statuses = Object.entries(result.summary)
        .filter(([, k]) => k > 0)
        .map(([s, k]) => `${s}: ${k}`)
        .join(', ');
      throw new Error(`expected ${n} keys ok, got ${statuses}`);
    }
    runs.push(result);
    const byKind: Record<string, number> = { [CATIVA]: sim.requestCount() };
    addCounts(byKind, backend.remoteCalls());
    addCounts(byKind, prefixed('adapter', result.providerCalls));
    calls.push(byKind);
  }
  const wall = summarize(runs.map((r) => r.auditMs));
  const floor = latencyFloor(backend.unavoidable(n), options.concurrency, latency);
  const kinds = [...new Set(calls.flatMap((c) => Object.keys(c)))];
  return {
    id,
    section: 'audit',
    status: 'ok',
    figures: {
      wallMs: wall,
      vaultPhaseMs: summarize(runs.map((r) => r.vaultPhaseMs)),
      setupMs: summarize(runs.map((r) => r.setupMs)),
      peakRssMb: summarize(runs.map((r) => r.peakRssMb)),
    },
    calls: Object.fromEntries(kinds.map((k) => [k, summarize(calls.map((c) => c[k] ?? 0))])),
    details: {
      vault: backend.name,
      keys: n,
      latencyMs: latency,
      concurrency: options.concurrency,
      floorMs: floor.floorMs,
      floorFormula: floor.formula,
      ...(floor.floorMs > 0 ? { wallOverFloor: wall.median / floor.floorMs } : {}),
    },
  };
}

function prefixed(prefix: string, counts: Readonly<Record<string, number>>) {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [`${prefix} ${k}`, v]));
}
