import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedFileVault } from '../../providers/file/seed.js';
import { ExitCode } from '../../src/errors.js';
import { fingerprintOf, Secret } from '../../src/secret.js';
import { expectCurrentEverywhere, LOCATIONS, useRotationBench } from '../support/rotation-bench.js';
import { engineFor } from '../support/rotation-engine.js';

async function failure(promise: Promise<unknown>): Promise<Error & { exitCode?: number }> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: Error & { exitCode?: number }) => e,
  );
}

describe('Rotation engine: nobody is told to revoke a key a location still serves', () => {
  const t = useRotationBench({ timeoutMs: 2000, retries: 0 });

  it('brings a replica left on the old key to the new one before retire is allowed', async () => {
    const { target, engine } = await engineFor(t.bench);
    const key = t.bench.createKey();
    await engine.stage(target, new Secret(key));
    await engine.promote(target);
    // A replica rolled back to the old key by hand (or a read-back that failed).
    const replica = target.locations[2];
    if (!replica) throw new Error('three locations expected');
    await replica.provider.writeCurrent(
      replica.location,
      new Secret(t.bench.oldKey),
      fingerprintOf(new Secret(key)),
      { rotationId: 'rollback', at: new Date() },
    );

    const observed = await engine.observe(target);
    expect(observed).toMatchObject({ phase: 'promoted-awaiting-retire', drift: true });
    expect(observed.next.command).toContain('resume');
    expect(observed.next.explanation).toContain('do not revoke the old key');
    t.bench.revoke(t.bench.oldKey);
    const refused = await failure(engine.retire(target));
    expect(refused.exitCode).toBe(ExitCode.conflict);
    expect(refused.message).toMatch(/not every location holds the new key.*resume/);

    const report = await engine.resume(target);
    expect(report?.locations.map((l) => l.result)).toEqual(['skipped', 'skipped', 'written']);
    await expectCurrentEverywhere(t.bench, key);
    expect((await engine.retire(target)).status).toBe('retired');
  });

  it('stops a promotion whose pending key an abort discarded while Cativa was asked', async () => {
    const { target, engine } = await engineFor(t.bench);
    const key = t.bench.createKey();
    await engine.stage(target, new Secret(key));
    t.sim.setLatency(400);
    const promoting = failure(engine.promote(target));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const other = await engineFor(t.bench);
    expect((await other.engine.abort(other.target)).status).toBe('aborted');

    const stopped = await promoting;
    expect(stopped.exitCode).toBe(ExitCode.conflict);
    expect(stopped.message).toMatch(/no longer pending.*do not revoke/);
    await expectCurrentEverywhere(t.bench, t.bench.oldKey);
  });

  it('says so when a concurrent stage took the pending slot in a vault without compare-and-set', async () => {
    const rival = new Secret(t.bench.createKey());
    const { target, engine } = await engineFor(t.bench, (provider, index) =>
      index !== 0
        ? provider
        : {
            ...provider,
            // As AWS does when two PutSecretValue race: the later version takes AWSPENDING.
            stage: async (location, key, ctx) => {
              await provider.stage(location, key, ctx);
              await provider.discardPending(location, fingerprintOf(key), ctx);
              await provider.stage(location, rival, ctx);
            },
          },
    );
    const mine = t.bench.createKey();
    const error = await failure(engine.stage(target, new Secret(mine)));
    expect(error.exitCode).toBe(ExitCode.conflict);
    expect(error.message).toContain(fingerprintOf(rival).sha256);
    expect(error.message).toMatch(/is not the pending key: keep your key/);
  });

  it('refuses to retire while a key is pending at the primary (a promotion stopped inside it)', async () => {
    const { target, engine } = await engineFor(t.bench);
    const fresh = new Secret(t.bench.createKey());
    const old = new Secret(t.bench.oldKey);
    const at = new Date();
    // The state an AWS promotion leaves between its two label moves: current and pending both
    // hold the new key, previous the old one; the replicas already hold the new key.
    const [primary, ...replicas] = LOCATIONS;
    await seedFileVault(join(t.bench.dir, primary.file), {
      [primary.entry]: {
        current: { secret: fresh, storedAt: at },
        pending: { secret: fresh, storedAt: at },
        previous: { secret: old, storedAt: at },
        promotedAt: at,
      },
    });
    for (const r of replicas) {
      await seedFileVault(join(t.bench.dir, r.file), {
        [r.entry]: { current: { secret: fresh, storedAt: at } },
      });
    }
    t.bench.revoke(t.bench.oldKey);
    const refused = await failure(engine.retire(target));
    expect(refused.exitCode).toBe(ExitCode.conflict);
    expect(refused.message).toMatch(/a key is still pending.*resume/);
    expect((await t.bench.readLocations())[0]?.previous).toBe(t.bench.oldKey);

    await engine.resume(target);
    expect((await engine.retire(target)).status).toBe('retired');
  });
});
