import { describe, expect, it } from 'vitest';
import { ExitCode, VaultError } from '../../src/errors.js';
import { Secret } from '../../src/secret.js';
import {
  expectCurrentEverywhere,
  type RotationBench,
  TENANT,
  useRotationBench,
} from '../support/rotation-bench.js';
import { engineFor } from '../support/rotation-engine.js';

/** Expects `promise` to reject with the given exit code and a message matching `pattern`. */
async function expectFailure(promise: Promise<unknown>, exitCode: number, pattern: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ exitCode });
  expect((error as Error).message).toMatch(pattern);
  return error as Error & { code: string };
}

describe('Rotation engine over the file vault and the Cativa simulator', () => {
  const t = useRotationBench({ timeoutMs: 500, retries: 1 });

  describe('Method: stage', () => {
    it('writes the new key to pending only, and refuses a second key naming the pending fingerprint', async () => {
      const { target, engine } = await engineFor(t.bench);
      const first = t.bench.createKey();
      const staged = await engine.stage(target, new Secret(first));
      expect(staged.status).toBe('staged');
      const [primary] = await t.bench.readLocations();
      expect(primary).toMatchObject({ current: t.bench.oldKey, pending: first });
      await expectCurrentEverywhere(t.bench, t.bench.oldKey);

      const again = await engine.stage(target, new Secret(first));
      expect(again.status).toBe('already-staged');
      const error = await expectFailure(
        engine.stage(target, new Secret(t.bench.createKey())),
        ExitCode.conflict,
        /another rotation of 'Sync HubSpot prod' is in progress/,
      );
      expect(error.message).toContain(staged.key.sha256);
      expect((await t.bench.readLocations())[0]?.pending).toBe(first);
    });

    it('stages the new key even when a replica cannot be read', async () => {
      const { target, engine } = await engineFor(t.bench, (provider, index) =>
        index !== 2
          ? provider
          : {
              ...provider,
              // Failure injection around the real file vault: this replica cannot be read.
              read: async (location) => {
                throw new VaultError(provider.describe(location), 'permission denied');
              },
            },
      );
      const key = t.bench.createKey();
      expect((await engine.stage(target, new Secret(key))).status).toBe('staged');
      expect((await t.bench.readLocations())[0]?.pending).toBe(key);
    });

    it('refuses the current key without staging it, so no abort advises revoking it', async () => {
      const { target, engine } = await engineFor(t.bench);
      await expectFailure(
        engine.stage(target, new Secret(t.bench.oldKey)),
        ExitCode.sameKey,
        /is the key already current.*nothing was staged/,
      );
      expect((await t.bench.readLocations())[0]?.pending).toBeUndefined();
    });

    it('refuses a malformed key without staging it', async () => {
      const { target, engine } = await engineFor(t.bench);
      await expectFailure(
        engine.stage(target, new Secret('cativa_live_not-hex')),
        ExitCode.malformedKey,
        /not a Cativa key.*nothing was staged/,
      );
      expect((await t.bench.readLocations())[0]?.pending).toBeUndefined();
    });
  });

  describe('Method: promote (validation failures leave current untouched)', () => {
    const cases: Array<{
      name: string;
      exitCode: number;
      pattern: RegExp;
      key: (b: RotationBench) => string;
    }> = [
      {
        name: 'rejected (401)',
        exitCode: ExitCode.keyRejected,
        pattern: /rejected by Cativa \(401/,
        key: (b) => {
          const k = b.createKey();
          b.revoke(k);
          return k;
        },
      },
      {
        name: 'forbidden (403)',
        exitCode: ExitCode.keyForbidden,
        pattern: /lacks permission/,
        key: (b) => b.createKey({ permission: false }),
      },
      {
        name: 'another tenant',
        exitCode: ExitCode.wrongTenant,
        pattern: /belongs to tenant 'Globex', not the configured tenant 'Acme Robotics'/,
        key: (b) => b.createKey({ tenant: 'Globex', userId: undefined }),
      },
      {
        name: 'another user',
        exitCode: ExitCode.wrongUser,
        pattern: /user id is '.+', expected '.+'/,
        key: (b) => b.createKey({ userId: t.sim.createUser({ tenant: TENANT, role: 'admin' }).id }),
      },
    ];
    for (const c of cases) {
      it(`stops with exit ${c.exitCode} when the new key is ${c.name}, keeping it pending until abort`, async () => {
        const { target, engine } = await engineFor(t.bench);
        const key = c.key(t.bench);
        await engine.stage(target, new Secret(key));
        await expectFailure(engine.promote(target), c.exitCode, c.pattern);
        await expectCurrentEverywhere(t.bench, t.bench.oldKey);
        expect((await t.bench.readLocations())[0]?.pending).toBe(key);
        expect((await engine.observe(target)).phase).toBe('staged');
        expect((await engine.abort(target)).status).toBe('aborted');
        await expectCurrentEverywhere(t.bench, t.bench.oldKey);
      });
    }

    it('stays staged and resumable when Cativa answers 503 until the retries run out', async () => {
      const { target, engine } = await engineFor(t.bench);
      const key = t.bench.createKey();
      await engine.stage(target, new Secret(key));
      t.sim.failNext({ kind: 'status', status: 503 }, 2);
      const error = await expectFailure(
        engine.promote(target),
        ExitCode.cativaUnavailable,
        /Cativa could not validate .* stays staged .*resume/,
      );
      expect(error).toMatchObject({ retryable: true });
      await expectCurrentEverywhere(t.bench, t.bench.oldKey);
      expect((await engine.resume(target))?.status).toBe('promoted');
      await expectCurrentEverywhere(t.bench, key);
    });
  });

  describe('Method: promote', () => {
    it('writes replicas first and the primary last, skipping a location that holds the key', async () => {
      const { target, engine, events } = await engineFor(t.bench);
      const key = new Secret(t.bench.createKey());
      await engine.stage(target, key);
      const replica = target.locations[2];
      if (!replica) throw new Error('no replica');
      const oldFp = (await engine.observe(target)).locations[2]?.current;
      await replica.provider.writeCurrent(replica.location, key, oldFp, {
        rotationId: 'by-hand',
        at: new Date(),
      });
      const report = await engine.promote(target);
      expect(report.locations.map((l) => l.result)).toEqual(['promoted', 'written', 'skipped']);
      expect(events.map((e) => e.type)).toEqual([
        'staged',
        'validating',
        'validated',
        'written',
        'skipped',
        'promoted',
        'verified',
      ]);
      const [primary] = await t.bench.readLocations();
      expect(primary).toMatchObject({ pending: undefined, previous: t.bench.oldKey });
      expect((await engine.promote(target)).status).toBe('already-promoted');
    });

    it('reports per location what was written when a replica write fails, and resumes from there', async () => {
      let failures = 1;
      const { target, engine } = await engineFor(t.bench, (provider, index) =>
        index !== 2
          ? provider
          : {
              ...provider,
              // Failure injection around the real file vault: its first write fails.
              writeCurrent: async (...args) => {
                if (failures-- > 0) throw new VaultError(provider.describe(args[0]), 'disk full');
                return provider.writeCurrent(...args);
              },
            },
      );
      const key = t.bench.createKey();
      await engine.stage(target, new Secret(key));
      const error = await expectFailure(
        engine.promote(target),
        ExitCode.vault,
        /stopped at file:vault-b.json#hubspot-prod: .*disk full.*Written: file:vault-a.json#hubspot-prod-replica/,
      );
      expect(error).toMatchObject({
        locations: [{ result: 'not-attempted' }, { result: 'written' }, { result: 'failed' }],
      });
      const midway = await t.bench.readLocations();
      expect(midway.map((l) => l.current)).toEqual([t.bench.oldKey, key, t.bench.oldKey]);
      expect(midway[0]?.pending).toBe(key);
      expect((await engine.observe(target)).phase).toBe('promoting');
      await expectFailure(engine.abort(target), ExitCode.conflict, /promotion is under way/);

      const report = await engine.resume(target);
      expect(report?.locations.map((l) => l.result)).toEqual(['promoted', 'skipped', 'written']);
      await expectCurrentEverywhere(t.bench, key);
    });

    it('refuses to start a rotation while the last old key awaits retirement', async () => {
      const { target, engine } = await engineFor(t.bench);
      await engine.stage(target, new Secret(t.bench.createKey()));
      await engine.promote(target);
      await expectFailure(
        engine.stage(target, new Secret(t.bench.createKey())),
        ExitCode.conflict,
        /has not been retired/,
      );
      expect((await t.bench.readLocations())[0]?.pending).toBeUndefined();
    });
  });

  describe('Method: retire', () => {
    it('refuses while the old key answers 200, then clears previous once it answers 401', async () => {
      const { target, engine } = await engineFor(t.bench);
      await engine.stage(target, new Secret(t.bench.createKey()));
      await engine.promote(target);
      await expectFailure(
        engine.retire(target),
        ExitCode.notRevoked,
        /still answers 200 at Cativa, 0 minutes after the promotion/,
      );
      expect((await t.bench.readLocations())[0]?.previous).toBe(t.bench.oldKey);
      t.bench.revoke(t.bench.oldKey);
      expect((await engine.retire(target)).status).toBe('retired');
      expect((await t.bench.readLocations())[0]?.previous).toBeUndefined();
      expect((await engine.retire(target)).status).toBe('nothing-to-retire');
      expect((await engine.observe(target)).phase).toBe('idle');
    });
  });

  describe('Method: abort', () => {
    it('discards only the pending key the person confirmed', async () => {
      const { target, engine } = await engineFor(t.bench);
      const staged = await engine.stage(target, new Secret(t.bench.createKey()));
      const other = await engineFor(t.bench);
      const wrong = { ...staged.key, sha256: '000000000000' };
      await expectFailure(engine.abort(target, wrong), ExitCode.conflict, /nothing was discarded/);
      expect((await other.engine.abort(other.target, staged.key)).status).toBe('aborted');
      const [primary] = await t.bench.readLocations();
      expect(primary).toMatchObject({ pending: undefined, current: t.bench.oldKey });
      expect((await engine.abort(target)).status).toBe('nothing-to-abort');
    });
  });
});
