import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFileVault } from '../../providers/file/index.js';
import type { OnePasswordLocation } from '../../providers/onepassword/config.js';
import { API_CREDENTIALS, CONCEALED, TEXT } from '../../providers/onepassword/port.js';
import { runAudit } from '../../src/audit/run-audit.js';
import type { AuditReport } from '../../src/audit/types.js';
import { createCativaClient } from '../../src/cativa/client.js';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { DAY_MS, fixedClock } from '../../src/clock.js';
import { configSchema, managedKeys } from '../../src/config/schema.js';
import { fingerprintOf, type Secret } from '../../src/secret.js';
import {
  BENCH_VAULT,
  createOnePasswordBench,
  type OnePasswordBench,
  providerSetWith,
} from '../support/onepassword-fake-bench.js';

const TENANT = 'Acme Robotics';
const NOW = new Date('2025-06-01T00:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const op = (item: string, field = 'credential', vault = BENCH_VAULT): OnePasswordLocation => ({
  provider: 'onepassword',
  vault,
  item,
  field,
});

function raw(secret: Secret): string {
  // Test code: the bench seeds 1Password with the simulator's keys as a person would paste them.
  return secret.reveal();
}

describe('Audit: 1Password as primary and as replica, against the Cativa simulator', () => {
  let sim: CativaSimulator;
  let bench: OnePasswordBench;
  let dir: string;
  let report: AuditReport;
  let loaded: string[];
  const canaries: string[] = [];

  beforeAll(async () => {
    // The fake stamps items with this clock: set it to when a person "edited" an item.
    const clock = fixedClock(NOW);
    sim = await startCativaSimulator();
    bench = createOnePasswordBench({ fake: { now: () => clock.now() } });
    dir = await mkdtemp(join(tmpdir(), 'ck-1p-audit-'));
    const { fake, provider, vault } = bench;
    const staging = fake.addVault('Staging');
    const key = () => {
      const secret = sim.createKey({ tenant: TENANT });
      canaries.push(raw(secret));
      return secret;
    };
    const byHand = (
      title: string,
      at: Date,
      fields: Record<string, string>,
      vaultId = vault.id,
    ) => {
      clock.set(at);
      fake.addItem({
        vaultId,
        category: API_CREDENTIALS,
        title,
        sections: [{ id: 'meta', title: 'Meta' }],
        fields: [
          { id: 'owner', title: 'owner', sectionId: 'meta', fieldType: TEXT, value: 'sync team' },
          ...Object.entries(fields).map(([title, value]) => ({
            id: title.replace(/\W/g, ''),
            title,
            fieldType: CONCEALED,
            value,
          })),
        ],
      });
    };

    // Pasted by hand 12 days ago, rotated by the tool 10 days ago, copied to a file replica.
    const first = key();
    const rotated = key();
    byHand('Rotated', daysAgo(12), { credential: raw(first) });
    await provider.stage(op('Rotated'), rotated, { rotationId: 'r1', at: daysAgo(11) });
    await provider.promote(op('Rotated'), fingerprintOf(rotated), {
      rotationId: 'r1',
      at: daysAgo(10),
    });
    sim.revokeKey(first);
    // The same, but the old key was never revoked in the Console.
    const unretired = key();
    byHand('Unretired', daysAgo(12), { credential: raw(key()) });
    await provider.stage(op('Unretired'), unretired, { rotationId: 'r3', at: daysAgo(11) });
    await provider.promote(op('Unretired'), fingerprintOf(unretired), {
      rotationId: 'r3',
      at: daysAgo(9),
    });
    // Put in 1Password by hand 100 days ago; the tool never rotated it.
    byHand('Old', daysAgo(100), { credential: raw(key()) });
    // A file-vault primary 80 days old, with its copy in a 1Password replica.
    const filed = key();
    await seedFileVault(join(dir, 'vault.json'), {
      filed: { current: { secret: filed, storedAt: daysAgo(80) } },
    });
    byHand('Filed copy', daysAgo(79), { credential: raw(filed) }, staging.id);
    // A 1Password replica holding another key than its 1Password primary.
    byHand('Drift', daysAgo(5), { credential: raw(key()) });
    byHand('Drift', daysAgo(5), { credential: raw(key()) }, staging.id);
    // Two managed keys in one item: a staged key waits on the second one.
    byHand('Shared', daysAgo(3), { 'prod key': raw(key()), 'staging key': raw(key()) });
    await provider.stage(op('Shared', 'staging key'), key(), { rotationId: 'r2', at: daysAgo(1) });
    // An item without the field, and a title two items share.
    byHand('Empty', daysAgo(3), {});
    byHand('Twice', daysAgo(3), { credential: raw(key()) });
    byHand('Twice', daysAgo(3), { credential: raw(key()) });
    clock.set(NOW);

    const config = configSchema.parse({
      cativa: { baseUrl: sim.url, timeoutMs: 2_000, retries: 0 },
      providers: { file: { path: 'vault.json' } },
      keys: [
        {
          name: 'Rotated',
          tenant: TENANT,
          locations: [op('Rotated'), { provider: 'file', entry: 'rotated' }],
        },
        { name: 'Old', tenant: TENANT, locations: [op('Old')] },
        { name: 'Unretired', tenant: TENANT, locations: [op('Unretired')] },
        {
          name: 'Filed',
          tenant: TENANT,
          locations: [
            { provider: 'file', entry: 'filed' },
            op('Filed copy', 'credential', 'Staging'),
          ],
        },
        {
          name: 'Drift',
          tenant: TENANT,
          locations: [op('Drift'), op('Drift', 'credential', staging.id)],
        },
        { name: 'Shared prod', tenant: TENANT, locations: [op('Shared', 'prod key')] },
        { name: 'Shared staging', tenant: TENANT, locations: [op('Shared', 'staging key')] },
        { name: 'Empty', tenant: TENANT, locations: [op('Empty')] },
        { name: 'Twice', tenant: TENANT, locations: [op('Twice')] },
      ],
    });
    await seedFileVault(join(dir, 'vault.json'), {
      rotated: { current: { secret: rotated, storedAt: daysAgo(10) } },
    });
    fake.calls.length = 0;
    const providers = providerSetWith(bench, config.providers, { clock, baseDir: dir, env: {} });
    report = await runAudit(
      managedKeys(config),
      {
        providers,
        cativa: createCativaClient({ baseUrl: sim.url, timeoutMs: 2_000, retries: 0 }),
        clock,
      },
      { concurrency: 4 },
    );
    loaded = providers.loaded();
  });
  afterAll(async () => {
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const byName = (name: string) => report.keys.find((k) => k.name === name);

  it('classifies each key from what 1Password holds', () => {
    expect(Object.fromEntries(report.keys.map((k) => [k.name, k.status]))).toEqual({
      Rotated: 'ok',
      Old: 'stale',
      Unretired: 'retire-overdue',
      Filed: 'due',
      Drift: 'drift',
      'Shared prod': 'ok',
      'Shared staging': 'rotation-pending',
      Empty: 'missing',
      Twice: 'unreachable',
    });
    expect(loaded.sort()).toEqual(['file', 'onepassword']);
  });

  it('reports the recorded age of a rotated key exactly, and an untouched item age as an estimate', () => {
    expect(byName('Rotated')).toMatchObject({ ageDays: 10, ageEstimated: false });
    expect(byName('Old')).toMatchObject({ ageDays: 100, ageEstimated: true });
    expect(byName('Shared prod')).toMatchObject({ ageDays: 3, ageEstimated: true });
  });

  it('names the candidates of an ambiguous item by id', () => {
    const message = byName('Twice')?.findings[0]?.message ?? '';
    const ids = bench.fake
      .items(bench.vault.id)
      .filter((i) => i.title === 'Twice')
      .map((i) => i.id);
    expect(message).toContain('ambiguous');
    for (const id of ids) expect(message).toContain(id);
  });

  it('reads each item once, lists each vault once, and writes nothing', () => {
    const count = (op: string) => bench.fake.calls.filter((c) => c === op).length;
    expect(count('vaults.list')).toBe(1);
    expect(count('items.list')).toBe(2);
    // Rotated, Unretired, Old, Filed copy, Drift x2, Shared (two keys, one read), Empty; Twice
    // is never read.
    expect(count('items.get')).toBe(8);
    expect(count('items.put') + count('items.create')).toBe(0);
  });

  it('prints no key value in the report', () => {
    const text = JSON.stringify(report);
    expect(canaries.filter((c) => text.includes(c))).toEqual([]);
  });
});
