import { describe, expect, it } from 'vitest';
import type { ContractEnv } from './contract-env.js';
import { expectConflict, printedForms, summarize } from './contract-helpers.js';

/** The cases every provider passes, replica or primary: read, readMany, writeCurrent. */
export function describeReplicaCases<L>(env: ContractEnv<L>): void {
  const { fx, bench, read, withCurrent } = env;

  describe('Capabilities', () => {
    it('declares the slots capability exactly when it can be a primary', () => {
      expect(fx().provider.capabilities.slots).toBe(fx().primary);
    });
  });

  describe('Method: describe', () => {
    it('labels a location with a non-empty line that holds no key value', async () => {
      const { location } = await withCurrent();
      const label = fx().provider.describe(location);
      expect(label).toMatch(/^\S.*$/);
      bench.expectNoKeyValueIn(label);
    });
  });

  describe('Method: read', () => {
    it('reads an empty location as every slot empty', async () => {
      expect(summarize(await read(fx().location()))).toEqual({
        current: undefined,
        pending: undefined,
        previous: undefined,
        promotedAt: undefined,
      });
    });

    it('returns the key that writeCurrent wrote, with its fingerprint', async () => {
      const location = fx().location();
      const key = bench.key();
      const ctx = bench.ctx();
      await fx().provider.writeCurrent(location, key.secret, undefined, ctx);
      const snapshot = await read(location);
      expect(snapshot.current?.fingerprint).toEqual(key.fingerprint);
      expect(snapshot.current?.secret.equals(key.secret)).toBe(true);
      expect(snapshot.pending).toBeUndefined();
      expect(snapshot.previous).toBeUndefined();
      if (fx().recordsWriteTime) expect(snapshot.current?.storedAt).toEqual(ctx.at);
    });
  });

  describe('Method: readMany', () => {
    it('reads many locations in their order, as read does one by one', async (context) => {
      const readMany = fx().provider.readMany?.bind(fx().provider);
      if (!readMany) return context.skip('the provider has no readMany');
      const locations = [(await withCurrent()).location, fx().location()];
      locations.push((await withCurrent()).location);
      const many = await readMany(locations);
      const one = await Promise.all(locations.map(read));
      expect(many.map((r) => ('error' in r ? r : summarize(r)))).toEqual(one.map(summarize));
    });
  });

  describe('Method: writeCurrent', () => {
    it('succeeds without moving storedAt when current already holds the key', async () => {
      const { location, old } = await withCurrent();
      const before = await read(location);
      await fx().provider.writeCurrent(location, old.secret, undefined, bench.ctx());
      await fx().provider.writeCurrent(location, old.secret, old.fingerprint, bench.ctx());
      expect(summarize(await read(location))).toEqual(summarize(before));
    });

    it('replaces current when it holds the expected key', async () => {
      const { location, old } = await withCurrent();
      const next = bench.key();
      await fx().provider.writeCurrent(location, next.secret, old.fingerprint, bench.ctx());
      expect((await read(location)).current?.fingerprint).toEqual(next.fingerprint);
    });

    it('throws ConflictError and keeps current when it holds another key than expected', async () => {
      const { location } = await withCurrent();
      const before = summarize(await read(location));
      const ctx = bench.ctx();
      const write = fx().provider.writeCurrent(
        location,
        bench.key().secret,
        bench.key().fingerprint,
        ctx,
      );
      await expectConflict(write, bench);
      expect(summarize(await read(location))).toEqual(before);
    });

    it('throws ConflictError when expected is undefined but current holds a key', async () => {
      const { location } = await withCurrent();
      const before = summarize(await read(location));
      const write = fx().provider.writeCurrent(
        location,
        bench.key().secret,
        undefined,
        bench.ctx(),
      );
      await expectConflict(write, bench);
      expect(summarize(await read(location))).toEqual(before);
    });

    it('throws ConflictError when expected names a key but current is empty', async () => {
      const location = fx().location();
      const ctx = bench.ctx();
      const write = fx().provider.writeCurrent(
        location,
        bench.key().secret,
        bench.key().fingerprint,
        ctx,
      );
      await expectConflict(write, bench);
      expect((await read(location)).current).toBeUndefined();
    });
  });

  describe('Secrecy', () => {
    it('prints replica snapshots without key values', async () => {
      const { location } = await withCurrent();
      bench.expectNoKeyValueIn(printedForms(await read(location)));
    });
  });
}
