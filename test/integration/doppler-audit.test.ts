import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DopplerLocation } from '../../providers/doppler/config.js';
import { seedFileVault } from '../../providers/file/index.js';
import { createProviderSet } from '../../providers/registry.js';
import { runAudit } from '../../src/audit/run-audit.js';
import type { AuditReport } from '../../src/audit/types.js';
import { createCativaClient } from '../../src/cativa/client.js';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { DAY_MS } from '../../src/clock.js';
import { configSchema, managedKeys } from '../../src/config/schema.js';
import { fingerprintOf, type Secret } from '../../src/secret.js';
import {
  BENCH_PROJECT,
  BENCH_START,
  createDopplerBench,
  type DopplerBench,
} from '../support/doppler-server-bench.js';

const TENANT = 'Acme Robotics';
const daysAgo = (days: number) => new Date(BENCH_START.getTime() - days * DAY_MS);
const doppler = (
  config: string,
  name: string,
  extra: { tokenEnv?: string } = {},
): DopplerLocation => ({
  provider: 'doppler',
  project: BENCH_PROJECT,
  config,
  name,
  ...extra,
});

function raw(secret: Secret): string {
  // Test code: the bench seeds Doppler with the simulator's keys as a person would paste them.
  return secret.reveal();
}

describe('Audit: doppler as primary and as replica, against the Cativa simulator', () => {
  let sim: CativaSimulator;
  let bench: DopplerBench;
  let dir: string;
  let report: AuditReport;
  const canaries: string[] = [];

  beforeAll(async () => {
    sim = await startCativaSimulator();
    bench = await createDopplerBench();
    dir = await mkdtemp(join(tmpdir(), 'ck-doppler-audit-'));
    const { server, provider } = bench;
    server.createConfig(BENCH_PROJECT, 'stg');
    const key = () => {
      const secret = sim.createKey({ tenant: TENANT });
      canaries.push(raw(secret));
      return secret;
    };
    // Rotated by the tool 10 days ago at the Doppler primary, copied to a Doppler replica.
    const rotated = key();
    await provider.stage(doppler('prd', 'ROTATED'), rotated, { rotationId: 'r1', at: daysAgo(11) });
    await provider.promote(doppler('prd', 'ROTATED'), fingerprintOf(rotated), {
      rotationId: 'r1',
      at: daysAgo(10),
    });
    server.seed(BENCH_PROJECT, 'stg', { ROTATED: raw(rotated) }, daysAgo(10));
    // Put in Doppler by hand 100 days ago; the tool never rotated it.
    server.seed(BENCH_PROJECT, 'prd', { OLD: raw(key()) }, daysAgo(100));
    // A file-vault primary 80 days old with its copy in Doppler.
    const filed = key();
    await seedFileVault(join(dir, 'vault.json'), {
      filed: { current: { secret: filed, storedAt: daysAgo(80) } },
    });
    server.seed(BENCH_PROJECT, 'stg', { FILED: raw(filed) }, daysAgo(79));
    // A Doppler replica holding another key than its Doppler primary.
    server.seed(BENCH_PROJECT, 'prd', { DRIFT: raw(key()) }, daysAgo(5));
    server.seed(BENCH_PROJECT, 'stg', { DRIFT: raw(key()) }, daysAgo(5));
    // A staged key waiting at a Doppler primary.
    server.seed(BENCH_PROJECT, 'prd', { STAGED: raw(key()) }, daysAgo(3));
    await provider.stage(doppler('prd', 'STAGED'), key(), { rotationId: 'r2', at: daysAgo(1) });

    const config = configSchema.parse({
      cativa: { baseUrl: sim.url, timeoutMs: 2_000, retries: 0 },
      providers: {
        file: { path: 'vault.json' },
        doppler: { baseUrl: server.url, timeoutMs: 500, retries: 1 },
      },
      keys: [
        {
          name: 'Rotated',
          tenant: TENANT,
          locations: [doppler('prd', 'ROTATED'), doppler('stg', 'ROTATED')],
        },
        { name: 'Old', tenant: TENANT, locations: [doppler('prd', 'OLD')] },
        {
          name: 'Filed',
          tenant: TENANT,
          locations: [{ provider: 'file', entry: 'filed' }, doppler('stg', 'FILED')],
        },
        {
          name: 'Drift',
          tenant: TENANT,
          locations: [doppler('prd', 'DRIFT'), doppler('stg', 'DRIFT')],
        },
        { name: 'Staged', tenant: TENANT, locations: [doppler('prd', 'STAGED')] },
        {
          name: 'No token',
          tenant: TENANT,
          locations: [doppler('prd', 'OLD', { tokenEnv: 'DOPPLER_TOKEN_UNSET' })],
        },
      ],
    });
    server.resetCounts();
    report = await runAudit(
      managedKeys(config),
      {
        providers: createProviderSet(config.providers, {
          clock: bench.clock,
          baseDir: dir,
          env: { DOPPLER_TOKEN: server.token },
        }),
        cativa: createCativaClient({ baseUrl: sim.url, timeoutMs: 2_000, retries: 0 }),
        clock: bench.clock,
      },
      { concurrency: 4 },
    );
  });
  afterAll(async () => {
    await sim?.close();
    await bench?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const byName = (name: string) => report.keys.find((k) => k.name === name);

  it('classifies each key from what Doppler holds', () => {
    expect(Object.fromEntries(report.keys.map((k) => [k.name, k.status]))).toEqual({
      Rotated: 'ok',
      Old: 'stale',
      Filed: 'due',
      Drift: 'drift',
      Staged: 'rotation-pending',
      'No token': 'unreachable',
    });
  });

  it('reports the recorded age of a rotated key exactly, and config-log ages as estimates', () => {
    expect(byName('Rotated')).toMatchObject({ ageDays: 10, ageEstimated: false });
    expect(byName('Old')).toMatchObject({ ageDays: 100, ageEstimated: true });
  });

  it('says which variable to set for a location without a token', () => {
    expect(byName('No token')?.findings[0]?.message).toContain('DOPPLER_TOKEN_UNSET is not set');
  });

  it('reads each config with one secrets list and writes nothing', () => {
    expect(bench.server.count({ method: 'GET', path: '/v3/configs/config/secrets' })).toBe(2);
    expect(bench.server.count({ method: 'POST' })).toBe(0);
  });

  it('prints no key value in the report', () => {
    const text = JSON.stringify(report);
    expect(canaries.filter((c) => text.includes(c))).toEqual([]);
  });
});
