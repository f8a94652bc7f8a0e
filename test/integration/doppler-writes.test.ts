import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dopplerSettingsSchema } from '../../providers/doppler/config.js';
import { createDopplerVault } from '../../providers/doppler/index.js';
import {
  BENCH_CONFIG,
  BENCH_PROJECT,
  createDopplerBench,
  type DopplerBench,
  expectConflictError,
  expectVaultError,
} from '../support/doppler-server-bench.js';

const SECRETS = '/v3/configs/config/secrets';
const POSTS = { method: 'POST', path: SECRETS } as const;

describe('Provider: doppler, writes under faults and races', () => {
  let bench: DopplerBench;
  /** Runs before each request reaches the server (a concurrent writer slipping in). */
  let beforeRequest: ((init: RequestInit | undefined) => void) | undefined;
  beforeEach(async () => {
    beforeRequest = undefined;
    bench = await createDopplerBench({
      provider: {
        fetch: (input, init) => {
          beforeRequest?.(init);
          return fetch(input, init);
        },
      },
    });
  });
  afterEach(async () => {
    await bench.close();
  });

  const value = (name: string) => bench.server.value(BENCH_PROJECT, BENCH_CONFIG, name);

  /** A location with `old` current and `staged` pending, written through the provider. */
  async function staged() {
    const location = bench.location();
    const old = bench.key();
    const next = bench.key();
    bench.server.seed(BENCH_PROJECT, BENCH_CONFIG, { [location.name]: old.raw });
    await bench.provider.stage(location, next.secret, bench.ctx());
    bench.server.resetCounts();
    return { location, old, next };
  }

  describe('Method: stage', () => {
    it('sends the write again after a 503 that did not apply it', async () => {
      const location = bench.location();
      const key = bench.key();
      bench.server.faults.inject({ kind: 'status', status: 503 }, { method: 'POST' });
      await bench.provider.stage(location, key.secret, bench.ctx());
      expect(value(`${location.name}_PENDING`)).toBe(key.raw);
      expect(bench.server.count(POSTS)).toBe(2);
    });

    it('counts a write whose answer was lost after it applied as done, without sending it again', async () => {
      const location = bench.location();
      const key = bench.key();
      bench.server.faults.inject(
        { kind: 'apply-then', answer: { kind: 'html' } },
        { method: 'POST' },
      );
      await bench.provider.stage(location, key.secret, bench.ctx());
      expect(value(`${location.name}_PENDING`)).toBe(key.raw);
      expect(bench.server.count(POSTS)).toBe(1);
    });

    it('waits out a 429 on a write and sends it again (a refused request was not applied)', async () => {
      const location = bench.location();
      const key = bench.key();
      bench.server.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 1 }, { method: 'POST' });
      await bench.provider.stage(location, key.secret, bench.ctx());
      expect(value(`${location.name}_PENDING`)).toBe(key.raw);
      expect(bench.sleeps).toContain(1_000);
    });
  });

  describe('Method: promote', () => {
    it('moves every slot and records the time in one POST, one config log', async () => {
      const { location, old, next } = await staged();
      const logsBefore = bench.server.logs(BENCH_PROJECT, BENCH_CONFIG).length;
      const ctx = bench.ctx();
      await bench.provider.promote(location, next.fingerprint, ctx);
      expect(bench.server.count(POSTS)).toBe(1);
      const logs = bench.server.logs(BENCH_PROJECT, BENCH_CONFIG);
      expect(logs.length).toBe(logsBefore + 1);
      expect(
        logs
          .at(-1)
          ?.diff.map((d) => d.name)
          .sort(),
      ).toEqual(
        [
          location.name,
          `${location.name}_PENDING`,
          `${location.name}_PREVIOUS`,
          `${location.name}_ROTATED_AT`,
        ].sort(),
      );
      const snapshot = await bench.provider.read(location);
      expect(snapshot.current).toMatchObject({
        fingerprint: next.fingerprint,
        storedAt: ctx.at,
        storedAtEstimated: false,
      });
      expect(snapshot.previous?.fingerprint).toEqual(old.fingerprint);
      expect(snapshot.pending).toBeUndefined();
      expect(snapshot.promotedAt).toEqual(ctx.at);
    });

    it('finishes when the answer hangs after Doppler applied the promotion', async () => {
      const { location, old, next } = await staged();
      bench.server.faults.inject(
        { kind: 'apply-then', answer: { kind: 'hang' } },
        { method: 'POST' },
      );
      await bench.provider.promote(location, next.fingerprint, bench.ctx());
      expect(value(location.name)).toBe(next.raw);
      expect(value(`${location.name}_PREVIOUS`)).toBe(old.raw);
      expect(value(`${location.name}_PENDING`)).toBeUndefined();
      expect(bench.server.count(POSTS)).toBe(1);
    });

    it('gives up with a retryable "may or may not" error when no write gets through, losing nothing', async () => {
      const { location, old, next } = await staged();
      bench.server.faults.inject({ kind: 'hang' }, { method: 'POST', times: 10 });
      const error = await expectVaultError(
        bench.provider.promote(location, next.fingerprint, bench.ctx()),
        'DOPPLER_WRITE_UNCONFIRMED',
      );
      expect(error.retryable).toBe(true);
      expect(error.message).toMatch(
        /promoting the pending key: the write may or may not have been applied/,
      );
      bench.expectNoSecretsIn(error);
      expect(bench.server.count(POSTS)).toBe(3);
      expect([value(location.name), value(`${location.name}_PENDING`)]).toEqual([
        old.raw,
        next.raw,
      ]);
      bench.server.faults.clear();
      await bench.provider.promote(location, next.fingerprint, bench.ctx());
      expect([value(location.name), value(`${location.name}_PREVIOUS`)]).toEqual([
        next.raw,
        old.raw,
      ]);
    });
  });

  describe('Compare-and-set', () => {
    it('refuses to overwrite a key another writer set between the read and the write', async () => {
      const location = bench.location();
      const old = bench.key();
      const theirs = bench.key();
      bench.server.seed(BENCH_PROJECT, BENCH_CONFIG, { [location.name]: old.raw });
      beforeRequest = (init) => {
        if (init?.method !== 'POST') return;
        beforeRequest = undefined;
        bench.server.seed(BENCH_PROJECT, BENCH_CONFIG, { [location.name]: theirs.raw });
      };
      await expectConflictError(
        bench.provider.writeCurrent(location, bench.key().secret, old.fingerprint, bench.ctx()),
        bench,
      );
      expect(value(location.name)).toBe(theirs.raw);
    });

    it('succeeds when the other writer wrote the very key this write wanted', async () => {
      const location = bench.location();
      const old = bench.key();
      const next = bench.key();
      bench.server.seed(BENCH_PROJECT, BENCH_CONFIG, { [location.name]: old.raw });
      beforeRequest = (init) => {
        if (init?.method !== 'POST') return;
        beforeRequest = undefined;
        bench.server.seed(BENCH_PROJECT, BENCH_CONFIG, { [location.name]: next.raw });
      };
      await bench.provider.writeCurrent(location, next.secret, old.fingerprint, bench.ctx());
      expect(value(location.name)).toBe(next.raw);
    });

    it('reports a refusal a fresh read does not explain, without sending it again', async () => {
      const location = bench.location();
      bench.server.faults.inject({ kind: 'status', status: 400 }, { method: 'POST' });
      const error = await expectVaultError(
        bench.provider.stage(location, bench.key().secret, bench.ctx()),
        'DOPPLER_REJECTED',
      );
      expect(error.message).toContain('HTTP 400: "Injected failure 400"');
      expect(bench.server.count(POSTS)).toBe(1);
    });

    it('stops at once on a read-only token, naming the variable to check', async () => {
      bench.server.addToken('dp.st.read-only', {
        project: BENCH_PROJECT,
        config: BENCH_CONFIG,
        readOnly: true,
      });
      const provider = createDopplerVault(
        dopplerSettingsSchema.parse({ baseUrl: bench.server.url, tokenEnv: 'DOPPLER_TOKEN_PRD' }),
        {
          clock: bench.clock,
          baseDir: '.',
          env: { DOPPLER_TOKEN_PRD: 'dp.st.read-only' },
        },
      );
      const error = await expectVaultError(
        provider.stage(bench.location(), bench.key().secret, bench.ctx()),
        'DOPPLER_FORBIDDEN',
      );
      expect(error.message).toContain('the token in DOPPLER_TOKEN_PRD has access');
      expect(bench.server.count(POSTS)).toBe(1);
    });
  });
});
