import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileVault, seedFileVault } from '../../providers/file/index.js';
import { createProviderSet, type LocationConfig } from '../../providers/registry.js';
import type { VaultProvider } from '../../providers/types.js';
import { createCativaClient } from '../../src/cativa/client.js';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { DAY_MS } from '../../src/clock.js';
import { configSchema, managedKeys } from '../../src/config/schema.js';
import { createRotationEngine } from '../../src/rotation/engine.js';
import type { RotationTarget } from '../../src/rotation/types.js';
import type { Secret } from '../../src/secret.js';
import {
  BENCH_PROJECT,
  BENCH_START,
  createDopplerBench,
  type DopplerBench,
} from '../support/doppler-server-bench.js';

const TENANT = 'Acme Robotics';
const WRITES = ['stage', 'writeCurrent', 'promote', 'discardPending', 'clearPrevious'] as const;

/** Thrown right after the Nth vault write: the process "dies" there and writes nothing more. */
class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

/**
 * Rotation over a Doppler primary, a Doppler replica in another config and a file replica. The
 * SIGKILL crash suite (test/e2e/rotation-crash.test.ts) drives file vaults only; here each run
 * stops right after vault write N (the provider keeps no state but a cache of config-log names,
 * so what a new process sees is what Doppler holds), then a fresh engine resumes.
 */
describe('Rotation: Doppler primary and replicas, interrupted after each write', () => {
  let sim: CativaSimulator;
  let bench: DopplerBench;
  let dir: string;
  let oldKey: Secret;

  beforeAll(async () => {
    sim = await startCativaSimulator();
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(async () => {
    bench = await createDopplerBench();
    dir = await mkdtemp(join(tmpdir(), 'ck-doppler-rotation-'));
    bench.server.createConfig(BENCH_PROJECT, 'stg');
    oldKey = sim.createKey({ tenant: TENANT });
    const at = new Date(BENCH_START.getTime() - 80 * DAY_MS);
    for (const config of ['prd', 'stg'])
      bench.server.seed(BENCH_PROJECT, config, { CATIVA_API_KEY: reveal(oldKey) }, at);
    await seedFileVault(join(dir, 'vault.json'), {
      hubspot: { current: { secret: oldKey, storedAt: at } },
    });
  });
  afterEach(async () => {
    await bench?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  function reveal(secret: Secret): string {
    // Test code: seeds Doppler with a simulator key as a person would paste it.
    return secret.reveal();
  }

  async function target(
    wrap?: (p: VaultProvider<LocationConfig>) => VaultProvider<LocationConfig>,
  ): Promise<RotationTarget> {
    const config = configSchema.parse({
      providers: {
        file: { path: 'vault.json' },
        doppler: { baseUrl: bench.server.url, timeoutMs: 500, retries: 1 },
      },
      keys: [
        {
          name: 'Sync HubSpot prod',
          tenant: TENANT,
          locations: [
            { provider: 'doppler', project: BENCH_PROJECT, config: 'prd', name: 'CATIVA_API_KEY' },
            { provider: 'doppler', project: BENCH_PROJECT, config: 'stg', name: 'CATIVA_API_KEY' },
            { provider: 'file', entry: 'hubspot' },
          ],
        },
      ],
    });
    const [key] = managedKeys(config);
    if (!key) throw new Error('no key');
    const set = createProviderSet(config.providers, {
      clock: bench.clock,
      baseDir: dir,
      env: { DOPPLER_TOKEN: bench.server.token },
    });
    const locations = await Promise.all(key.locations.map((l) => set.bind(l)));
    return {
      key,
      locations: locations.map((b) => (wrap ? { ...b, provider: wrap(b.provider) } : b)),
    };
  }

  const engine = () =>
    createRotationEngine({
      cativa: createCativaClient({ baseUrl: sim.url, timeoutMs: 2_000, retries: 0 }),
      clock: bench.clock,
    });

  /** Raw current values: Doppler prd, Doppler stg, file. */
  async function currents(): Promise<Array<string | undefined>> {
    const file = await createFileVault(
      { path: 'vault.json' },
      { clock: bench.clock, baseDir: dir, env: {} },
    ).read({ provider: 'file', entry: 'hubspot' });
    return [
      bench.server.value(BENCH_PROJECT, 'prd', 'CATIVA_API_KEY'),
      bench.server.value(BENCH_PROJECT, 'stg', 'CATIVA_API_KEY'),
      file.current ? reveal(file.current.secret) : undefined,
    ];
  }

  it('stages, promotes and retires, recording the times in Doppler', async () => {
    const newKey = sim.createKey({ tenant: TENANT });
    const t = await target();
    await engine().stage(t, newKey);
    await engine().promote(t);
    expect(await currents()).toEqual([reveal(newKey), reveal(newKey), reveal(newKey)]);
    expect(bench.server.value(BENCH_PROJECT, 'prd', 'CATIVA_API_KEY_PREVIOUS')).toBe(
      reveal(oldKey),
    );
    sim.revokeKey(oldKey);
    await engine().retire(t);
    expect(bench.server.names(BENCH_PROJECT, 'prd')).toEqual([
      'CATIVA_API_KEY',
      'CATIVA_API_KEY_ROTATED_AT',
    ]);
    const snapshot = await t.locations[0]?.provider.read(t.locations[0].location);
    expect(snapshot).toMatchObject({
      promotedAt: BENCH_START,
      current: { storedAt: BENCH_START, storedAtEstimated: false },
    });
    expect((await engine().observe(t)).phase).toBe('idle');
  });

  for (const [after, step] of [
    [1, 'stage'],
    [2, 'Doppler replica'],
    [3, 'file replica'],
    [4, 'primary promote'],
  ] as const) {
    it(`keeps the invariant when stopped after the ${step} write, and resume completes`, async () => {
      const newKey = sim.createKey({ tenant: TENANT });
      let writes = 0;
      const crashing = await target((provider) => {
        const wrapped = { ...provider };
        for (const name of WRITES) {
          (wrapped as Record<string, unknown>)[name] = async (...args: never[]) => {
            await (provider[name] as (...a: never[]) => Promise<void>)(...args);
            writes += 1;
            if (writes === after) throw new SimulatedCrash(`stopped after write ${after}`);
          };
        }
        return wrapped;
      });
      await engine()
        .stage(crashing, newKey)
        .then(() => engine().promote(crashing))
        .catch(() => undefined);
      expect(writes).toBe(after);

      const values = [reveal(oldKey), reveal(newKey)];
      for (const current of await currents()) expect(values).toContain(current);
      const pending = bench.server.value(BENCH_PROJECT, 'prd', 'CATIVA_API_KEY_PENDING');
      const primary = bench.server.value(BENCH_PROJECT, 'prd', 'CATIVA_API_KEY');
      expect(pending === reveal(newKey) || primary === reveal(newKey)).toBe(true);

      const fresh = await target();
      await engine().resume(fresh);
      expect(await currents()).toEqual([reveal(newKey), reveal(newKey), reveal(newKey)]);
      expect(bench.server.value(BENCH_PROJECT, 'prd', 'CATIVA_API_KEY_PREVIOUS')).toBe(
        reveal(oldKey),
      );
      expect(bench.server.value(BENCH_PROJECT, 'prd', 'CATIVA_API_KEY_PENDING')).toBeUndefined();
    });
  }

  it('completes a promotion whose answer Doppler lost after applying it', async () => {
    const newKey = sim.createKey({ tenant: TENANT });
    const t = await target();
    await engine().stage(t, newKey);
    bench.server.faults.inject(
      { kind: 'apply-then', answer: { kind: 'status', status: 502 } },
      { method: 'POST', times: 3 },
    );
    await engine().promote(t);
    expect(await currents()).toEqual([reveal(newKey), reveal(newKey), reveal(newKey)]);
  });
});
