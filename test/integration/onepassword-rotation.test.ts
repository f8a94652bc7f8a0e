import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileVault, seedFileVault } from '../../providers/file/index.js';
import type { OnePasswordLocation } from '../../providers/onepassword/config.js';
import type { OnePasswordPort } from '../../providers/onepassword/port.js';
import { API_CREDENTIALS, CONCEALED, TEXT } from '../../providers/onepassword/port.js';
import type { BoundLocation, LocationConfig } from '../../providers/registry.js';
import type { VaultProvider } from '../../providers/types.js';
import { createCativaClient } from '../../src/cativa/client.js';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { DAY_MS, fixedClock } from '../../src/clock.js';
import { configSchema, managedKeys } from '../../src/config/schema.js';
import { createRotationEngine } from '../../src/rotation/engine.js';
import type { RotationTarget } from '../../src/rotation/types.js';
import { fingerprintOf, type Secret } from '../../src/secret.js';
import {
  createOnePasswordBench,
  type OnePasswordBench,
} from '../support/onepassword-fake-bench.js';

const TENANT = 'Acme Robotics';
const NOW = new Date('2025-06-01T00:00:00Z');

/** Thrown by the port right after a write took effect: the answer is lost, the process "dies". */
class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

/** The port, with every `put`/`create` counted and the `after`-th one's answer lost. */
function crashingPort(
  port: OnePasswordPort,
  after: number,
  seen: { writes: number },
): OnePasswordPort {
  const counted =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await write(...args);
      seen.writes += 1;
      if (seen.writes === after) throw new SimulatedCrash(`stopped after write ${after}`);
      return result;
    };
  return {
    vaults: port.vaults,
    items: { ...port.items, put: counted(port.items.put), create: counted(port.items.create) },
  };
}

/** Where the key lives, primary first: 1Password and the file vault in both roles. */
const LAYOUTS = {
  '1Password primary, 1Password and file replicas': ['op:Integrations', 'op:Staging', 'file'],
  'file primary, 1Password replica': ['file', 'op:Staging'],
} as const;
type Place = (typeof LAYOUTS)[keyof typeof LAYOUTS][number];

describe('Rotation: 1Password as primary and replica, interrupted after each 1Password write', () => {
  let sim: CativaSimulator;
  let bench: OnePasswordBench;
  let dir: string;
  let oldKey: Secret;
  const clock = fixedClock(NOW);

  beforeAll(async () => {
    sim = await startCativaSimulator();
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(async () => {
    bench = createOnePasswordBench({ fake: { now: () => new Date(NOW.getTime() - 80 * DAY_MS) } });
    const staging = bench.fake.addVault('Staging');
    dir = await mkdtemp(join(tmpdir(), 'ck-1p-rotation-'));
    oldKey = sim.createKey({ tenant: TENANT });
    for (const vaultId of [bench.vault.id, staging.id]) {
      bench.fake.addItem({
        vaultId,
        category: API_CREDENTIALS,
        title: 'Cativa HubSpot',
        fields: [
          { id: 'username', title: 'username', fieldType: TEXT, value: 'svc-sync' },
          { id: 'credential', title: 'credential', fieldType: CONCEALED, value: reveal(oldKey) },
        ],
        notes: 'rotated by cativa-keys',
      });
    }
    await seedFileVault(join(dir, 'vault.json'), {
      hubspot: { current: { secret: oldKey, storedAt: new Date(NOW.getTime() - 80 * DAY_MS) } },
    });
  });
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  function reveal(secret: Secret): string {
    // Test code: seeds 1Password with a simulator key as a person would paste it.
    return secret.reveal();
  }

  const op = (vault: string): OnePasswordLocation => ({
    provider: 'onepassword',
    vault,
    item: 'Cativa HubSpot',
    field: 'credential',
  });
  const locationOf = (place: Place): LocationConfig =>
    place === 'file' ? { provider: 'file', entry: 'hubspot' } : op(place.slice(3));

  /** A fresh process: new providers over the same 1Password and file, bound to the key's locations. */
  function target(places: readonly Place[], port?: OnePasswordPort): RotationTarget {
    const config = configSchema.parse({
      keys: [{ name: 'Sync HubSpot prod', tenant: TENANT, locations: places.map(locationOf) }],
    });
    const [key] = managedKeys(config);
    if (!key) throw new Error('no key');
    const onePassword = bench.rival(port ? { port } : {});
    const file = createFileVault({ path: 'vault.json' }, { clock, baseDir: dir, env: {} });
    const bind = (location: LocationConfig): BoundLocation => {
      const provider = (location.provider === 'file' ? file : onePassword) as VaultProvider<never>;
      const bound = provider as unknown as VaultProvider<LocationConfig>;
      return { location, provider: bound, label: bound.describe(location) };
    };
    return { key, locations: key.locations.map(bind) };
  }

  const engine = () =>
    createRotationEngine({
      cativa: createCativaClient({ baseUrl: sim.url, timeoutMs: 2_000, retries: 0 }),
      clock,
    });

  async function snapshots(t: RotationTarget) {
    return Promise.all(t.locations.map((l) => l.provider.read(l.location)));
  }

  for (const [layout, places] of Object.entries(LAYOUTS)) {
    it(`${layout}: keeps the invariant when stopped after each 1Password write, and resume completes`, async () => {
      const fp = (s: Secret) => fingerprintOf(s).sha256;
      const writesInAll = places[0] === 'file' ? 1 : 3;
      for (let after = 1; after <= writesInAll; after += 1) {
        const newKey = sim.createKey({ tenant: TENANT });
        const seen = { writes: 0 };
        const crashing = target(places, crashingPort(bench.fake.port, after, seen));
        const run = engine()
          .stage(crashing, newKey)
          .then(() => engine().promote(crashing));
        await expect(run, `stop after write ${after}`).rejects.toThrow(/stopped after write/);

        const stopped = await snapshots(target(places));
        for (const s of stopped)
          expect([fp(oldKey), fp(newKey)]).toContain(s.current?.fingerprint.sha256);
        const primary = stopped[0];
        expect([
          primary?.pending?.fingerprint.sha256,
          primary?.current?.fingerprint.sha256,
        ]).toContain(fp(newKey));

        await engine().resume(target(places));
        const done = await snapshots(target(places));
        expect(done.map((s) => s.current?.fingerprint.sha256)).toEqual(
          places.map(() => fp(newKey)),
        );
        expect(done[0]?.pending).toBeUndefined();
        expect(done[0]?.previous?.fingerprint.sha256).toBe(fp(oldKey));
        expect(done[0]?.current).toMatchObject({ storedAt: NOW, storedAtEstimated: false });
        for (const item of bench.fake.items(bench.vault.id)) {
          expect(item.notes).toBe('rotated by cativa-keys');
          expect(item.fields.find((f) => f.id === 'username')?.value).toBe('svc-sync');
        }

        // Retire, so that the next round starts from a clean state with this key as the old one.
        sim.revokeKey(oldKey);
        await engine().retire(target(places));
        expect((await engine().observe(target(places))).phase).toBe('idle');
        oldKey = newKey;
      }
    });
  }
});
