import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/clock.js';
import {
  BENCH_CONFIG,
  BENCH_PROJECT,
  BENCH_START,
  createDopplerBench,
  type DopplerBench,
} from '../support/doppler-server-bench.js';

const LOGS = '/v3/configs/config/logs';
const LOG = '/v3/configs/config/logs/log';
const SECRETS = '/v3/configs/config/secrets';

const daysAgo = (days: number) => new Date(BENCH_START.getTime() - days * DAY_MS);

describe('Provider: doppler, ages and call counts', () => {
  let bench: DopplerBench;
  afterEach(async () => {
    await bench.close();
  });

  /** Seeds `name` 100 days ago, then `others` unrelated changes, one a day from 50 days ago. */
  function seedOldKey(name: string, others: number) {
    const key = bench.key();
    bench.server.seed(BENCH_PROJECT, BENCH_CONFIG, { [name]: key.raw }, daysAgo(100));
    for (let i = 0; i < others; i += 1) {
      bench.server.seed(BENCH_PROJECT, BENCH_CONFIG, { [`OTHER_${i}`]: `v${i}` }, daysAgo(50 - i));
    }
    bench.server.resetCounts();
    return key;
  }

  describe('Method: read (keys the tool never rotated)', () => {
    it('dates the key by the newest config log that changed it, marked as an estimate', async () => {
      bench = await createDopplerBench();
      const location = bench.location();
      const key = seedOldKey(location.name, 5);
      const snapshot = await bench.provider.read(location);
      expect(snapshot.current).toMatchObject({
        fingerprint: key.fingerprint,
        storedAt: daysAgo(100),
        storedAtEstimated: true,
      });
      expect(snapshot.promotedAt).toBeUndefined();
      // One secrets list, one page of logs, and each of the 6 logs' diff once.
      expect([
        bench.server.count({ path: SECRETS }),
        bench.server.count({ path: LOGS }),
        bench.server.count({ path: LOG }),
      ]).toEqual([1, 1, 6]);
      bench.expectNoSecretsIn(snapshot);
    });

    it('reads each config log only once per process', async () => {
      bench = await createDopplerBench();
      const location = bench.location();
      seedOldKey(location.name, 5);
      await bench.provider.read(location);
      bench.server.resetCounts();
      await bench.provider.read(location);
      expect(bench.server.count({ path: LOG })).toBe(0);
    });

    it('does not move the age when the same value is written again', async () => {
      bench = await createDopplerBench();
      const location = bench.location();
      const key = seedOldKey(location.name, 1);
      await bench.provider.writeCurrent(location, key.secret, key.fingerprint, bench.ctx());
      expect((await bench.provider.read(location)).current?.storedAt).toEqual(daysAgo(100));
    });

    it('stops at maxLogsExamined and reports the oldest log examined as a lower bound', async () => {
      bench = await createDopplerBench({ settings: { maxLogsExamined: 4, logPageSize: 3 } });
      const location = bench.location();
      seedOldKey(location.name, 10);
      const snapshot = await bench.provider.read(location);
      // The 4th newest of the 10 unrelated logs (50 - 9 + 3 = 44 days ago): the key is older.
      expect(snapshot.current).toMatchObject({ storedAt: daysAgo(44), storedAtEstimated: true });
      expect([bench.server.count({ path: LOGS }), bench.server.count({ path: LOG })]).toEqual([
        2, 4,
      ]);
    });
  });

  describe('Method: read (keys the tool rotated)', () => {
    it('uses the time recorded at promotion, with no config-log call', async () => {
      bench = await createDopplerBench();
      const location = bench.location();
      seedOldKey(location.name, 3);
      const next = bench.key();
      await bench.provider.stage(location, next.secret, bench.ctx());
      const ctx = bench.ctx();
      await bench.provider.promote(location, next.fingerprint, ctx);
      bench.server.resetCounts();
      const snapshot = await bench.provider.read(location);
      expect(snapshot.current).toMatchObject({ storedAt: ctx.at, storedAtEstimated: false });
      expect(snapshot.promotedAt).toEqual(ctx.at);
      // The old key's time was an estimate; the record does not pretend to know it.
      expect(snapshot.previous).toMatchObject({ storedAt: undefined, storedAtEstimated: true });
      expect(bench.server.count()).toBe(1);
    });

    it('falls back to the config logs when someone changed the key by hand after the promotion', async () => {
      bench = await createDopplerBench();
      const location = bench.location();
      const next = bench.key();
      await bench.provider.stage(location, next.secret, bench.ctx());
      await bench.provider.promote(location, next.fingerprint, bench.ctx());
      const byHand = bench.key();
      bench.server.seed(BENCH_PROJECT, BENCH_CONFIG, { [location.name]: byHand.raw }, daysAgo(-3));
      const snapshot = await bench.provider.read(location);
      expect(snapshot.current).toMatchObject({
        fingerprint: byHand.fingerprint,
        storedAt: daysAgo(-3),
        storedAtEstimated: true,
      });
    });
  });

  describe('Method: readMany', () => {
    it('reads ten rotated keys of one config in one request', async () => {
      bench = await createDopplerBench();
      const locations = Array.from({ length: 10 }, () => bench.location());
      for (const location of locations) {
        const key = bench.key();
        await bench.provider.stage(location, key.secret, bench.ctx());
        await bench.provider.promote(location, key.fingerprint, bench.ctx());
      }
      bench.server.resetCounts();
      const snapshots = await bench.provider.readMany?.(locations);
      expect(
        snapshots?.every((s) => 'current' in s && s.current?.storedAtEstimated === false),
      ).toBe(true);
      expect(bench.server.count()).toBe(1);
    });

    it('shares one config-log scan among the keys of a config', async () => {
      bench = await createDopplerBench();
      const [a, b] = [bench.location(), bench.location()];
      bench.server.seed(BENCH_PROJECT, BENCH_CONFIG, { [a.name]: bench.key().raw }, daysAgo(30));
      bench.server.seed(BENCH_PROJECT, BENCH_CONFIG, { [b.name]: bench.key().raw }, daysAgo(20));
      bench.server.resetCounts();
      const [sa, sb] = (await bench.provider.readMany?.([a, b])) ?? [];
      expect(sa).toMatchObject({ current: { storedAt: daysAgo(30) } });
      expect(sb).toMatchObject({ current: { storedAt: daysAgo(20) } });
      expect([
        bench.server.count({ path: SECRETS }),
        bench.server.count({ path: LOGS }),
        bench.server.count({ path: LOG }),
      ]).toEqual([1, 1, 2]);
    });
  });
});
