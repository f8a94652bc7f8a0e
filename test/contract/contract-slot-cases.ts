import { describe, expect, it } from 'vitest';
import type { ContractEnv } from './contract-env.js';
import { expectConflict, printedForms, summarize } from './contract-helpers.js';

/** The cases of a primary's slots: stage, promote, discardPending, clearPrevious. */
export function describeSlotCases<L>(env: ContractEnv<L>): void {
  const { fx, bench, read, withCurrent, withPending, promoted, needsSlots } = env;

  describe('Method: stage', () => {
    it('writes pending and leaves current alone', async (context) => {
      needsSlots(context);
      const { location, old, staged } = await withPending();
      const snapshot = await read(location);
      expect(snapshot.pending?.fingerprint).toEqual(staged.fingerprint);
      expect(snapshot.current?.fingerprint).toEqual(old.fingerprint);
    });

    it('succeeds without a change when the same key is already pending', async (context) => {
      needsSlots(context);
      const { location, staged } = await withPending();
      const before = summarize(await read(location));
      await fx().provider.stage(location, staged.secret, bench.ctx());
      expect(summarize(await read(location))).toEqual(before);
    });

    it('refuses a second key while one is pending, naming the pending fingerprint', async (context) => {
      needsSlots(context);
      const { location, staged } = await withPending();
      const before = summarize(await read(location));
      const error = await expectConflict(
        fx().provider.stage(location, bench.key().secret, bench.ctx()),
        bench,
      );
      expect(error.message).toContain(staged.fingerprint.hint);
      expect(error.message).toContain(staged.fingerprint.sha256);
      expect(summarize(await read(location))).toEqual(before);
    });
  });

  describe('Method: promote', () => {
    it('moves pending to current and the old current to previous', async (context) => {
      needsSlots(context);
      const { location, old, staged } = await withPending();
      const ctx = bench.ctx();
      await fx().provider.promote(location, staged.fingerprint, ctx);
      const snapshot = await read(location);
      expect(snapshot.current?.fingerprint).toEqual(staged.fingerprint);
      expect(snapshot.previous?.fingerprint).toEqual(old.fingerprint);
      expect(snapshot.pending).toBeUndefined();
      expect(snapshot.promotedAt).toBeInstanceOf(Date);
      if (fx().recordsWriteTime) {
        expect(snapshot.promotedAt).toEqual(ctx.at);
        expect(snapshot.current?.storedAt).toEqual(ctx.at);
      }
    });

    it('promotes into a location with no current, leaving previous empty', async (context) => {
      needsSlots(context);
      const location = fx().location();
      const staged = bench.key();
      await fx().provider.stage(location, staged.secret, bench.ctx());
      await fx().provider.promote(location, staged.fingerprint, bench.ctx());
      const snapshot = await read(location);
      expect(snapshot.current?.fingerprint).toEqual(staged.fingerprint);
      expect(snapshot.previous).toBeUndefined();
      expect(snapshot.pending).toBeUndefined();
    });

    it('succeeds without a change when replayed', async (context) => {
      needsSlots(context);
      const { location, staged } = await promoted();
      const before = summarize(await read(location));
      await fx().provider.promote(location, staged.fingerprint, bench.ctx());
      expect(summarize(await read(location))).toEqual(before);
    });

    it('throws ConflictError when pending holds another key', async (context) => {
      needsSlots(context);
      const { location } = await withPending();
      const before = summarize(await read(location));
      await expectConflict(
        fx().provider.promote(location, bench.key().fingerprint, bench.ctx()),
        bench,
      );
      expect(summarize(await read(location))).toEqual(before);
    });

    it('throws ConflictError when pending is empty and current holds another key', async (context) => {
      needsSlots(context);
      const { location } = await withCurrent();
      const before = summarize(await read(location));
      await expectConflict(
        fx().provider.promote(location, bench.key().fingerprint, bench.ctx()),
        bench,
      );
      expect(summarize(await read(location))).toEqual(before);
    });
  });

  describe('Method: discardPending', () => {
    it('clears pending when it holds the expected key', async (context) => {
      needsSlots(context);
      const { location, old, staged } = await withPending();
      await fx().provider.discardPending(location, staged.fingerprint, bench.ctx());
      const snapshot = await read(location);
      expect(snapshot.pending).toBeUndefined();
      expect(snapshot.current?.fingerprint).toEqual(old.fingerprint);
    });

    it('throws ConflictError and keeps pending when it holds another key', async (context) => {
      needsSlots(context);
      const { location } = await withPending();
      const before = summarize(await read(location));
      await expectConflict(
        fx().provider.discardPending(location, bench.key().fingerprint, bench.ctx()),
        bench,
      );
      expect(summarize(await read(location))).toEqual(before);
    });

    it('succeeds without a change when pending is empty', async (context) => {
      needsSlots(context);
      const { location } = await withCurrent();
      const before = summarize(await read(location));
      await fx().provider.discardPending(location, bench.key().fingerprint, bench.ctx());
      expect(summarize(await read(location))).toEqual(before);
    });
  });

  describe('Method: clearPrevious', () => {
    it('clears previous when it holds the expected key', async (context) => {
      needsSlots(context);
      const { location, old, staged } = await promoted();
      await fx().provider.clearPrevious(location, old.fingerprint, bench.ctx());
      const snapshot = await read(location);
      expect(snapshot.previous).toBeUndefined();
      expect(snapshot.current?.fingerprint).toEqual(staged.fingerprint);
    });

    it('throws ConflictError and keeps previous when it holds another key', async (context) => {
      needsSlots(context);
      const { location } = await promoted();
      const before = summarize(await read(location));
      await expectConflict(
        fx().provider.clearPrevious(location, bench.key().fingerprint, bench.ctx()),
        bench,
      );
      expect(summarize(await read(location))).toEqual(before);
    });

    it('succeeds without a change when previous is empty', async (context) => {
      needsSlots(context);
      const { location } = await withCurrent();
      const before = summarize(await read(location));
      await fx().provider.clearPrevious(location, bench.key().fingerprint, bench.ctx());
      expect(summarize(await read(location))).toEqual(before);
    });
  });

  describe('Secrecy', () => {
    it('prints snapshots without key values (JSON, util.inspect, String)', async (context) => {
      needsSlots(context);
      const { location } = await promoted();
      await fx().provider.stage(location, bench.key().secret, bench.ctx());
      const snapshot = await read(location);
      expect(snapshot.pending && snapshot.current && snapshot.previous).toBeTruthy();
      bench.expectNoKeyValueIn(printedForms(snapshot));
      bench.expectNoKeyValueIn(printedForms([snapshot.current, snapshot.pending]));
    });
  });
}
