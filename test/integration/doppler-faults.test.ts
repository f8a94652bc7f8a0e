import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dopplerSettingsSchema } from '../../providers/doppler/config.js';
import { createDopplerVault } from '../../providers/doppler/index.js';
import {
  BENCH_CONFIG,
  BENCH_PROJECT,
  createDopplerBench,
  type DopplerBench,
  expectVaultError,
} from '../support/doppler-server-bench.js';

const SECRETS = '/v3/configs/config/secrets';

describe('Provider: doppler, against a failing Doppler API', () => {
  let bench: DopplerBench;
  beforeEach(async () => {
    bench = await createDopplerBench();
  });
  afterEach(async () => {
    await bench.close();
  });

  /** A location whose current key is `old`. */
  async function seeded() {
    const location = bench.location();
    const old = bench.key();
    bench.server.seed(BENCH_PROJECT, BENCH_CONFIG, { [location.name]: old.raw });
    bench.server.resetCounts();
    return { location, old };
  }

  describe('Method: read', () => {
    it('times out on a hung server after the configured retries, with a retryable error', async () => {
      const { location } = await seeded();
      bench.server.faults.inject({ kind: 'hang' }, { times: 10 });
      const error = await expectVaultError(bench.provider.read(location), 'DOPPLER_TIMEOUT');
      expect(error.retryable).toBe(true);
      expect(error.message).toMatch(
        /doppler:backend\/prd#CATIVA_API_KEY_\d+: reading the secrets failed: .*no answer within the time limit; 3 attempts/,
      );
      expect(bench.server.count({ method: 'GET', path: SECRETS })).toBe(3);
    });

    it('survives an HTML 502 from a proxy by retrying the read', async () => {
      const { location, old } = await seeded();
      bench.server.faults.inject({ kind: 'html' });
      const snapshot = await bench.provider.read(location);
      expect(snapshot.current?.fingerprint).toEqual(old.fingerprint);
    });

    it('reports HTML 502s on every attempt as a server error, naming the body type, not its content', async () => {
      const { location } = await seeded();
      bench.server.faults.inject({ kind: 'html' }, { times: 10 });
      const error = await expectVaultError(bench.provider.read(location), 'DOPPLER_SERVER_ERROR');
      expect(error.message).toContain('HTTP 502 (text/html body)');
      expect(error.message).not.toContain('Bad Gateway</h1>');
    });

    it('waits as long as Retry-After asks after a 429, then reads', async () => {
      const { location, old } = await seeded();
      bench.server.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 2 });
      const snapshot = await bench.provider.read(location);
      expect(snapshot.current?.fingerprint).toEqual(old.fingerprint);
      expect(bench.sleeps).toEqual([2_000]);
    });

    it('fails at once when Retry-After asks for more than maxRetryAfterMs, saying when to retry', async () => {
      const { location } = await seeded();
      bench.server.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 120 });
      const error = await expectVaultError(bench.provider.read(location), 'DOPPLER_RATE_LIMITED');
      expect(error.message).toContain(
        'HTTP 429: "You have exceeded the rate limit"; retry after 120 s',
      );
      expect(bench.server.count()).toBe(1);
    });

    it('rides out a short burst of 5xx and gives up on a long one after the configured retries', async () => {
      const { location, old } = await seeded();
      bench.server.faults.inject({ kind: 'status', status: 503 }, { times: 2 });
      expect((await bench.provider.read(location)).current?.fingerprint).toEqual(old.fingerprint);
      bench.server.faults.inject({ kind: 'status', status: 500 }, { times: 10 });
      const error = await expectVaultError(bench.provider.read(location), 'DOPPLER_SERVER_ERROR');
      expect(error.message).toContain('HTTP 500: "Injected failure 500"; 3 attempts');
    });

    it('reports a status the SDK does not know as itself, not as 500', async () => {
      const { location } = await seeded();
      bench.server.faults.inject({ kind: 'status', status: 418 });
      const error = await expectVaultError(bench.provider.read(location), 'DOPPLER_REJECTED');
      expect(error.message).toContain('HTTP 418: "Injected failure 418"');
      expect(bench.server.count()).toBe(1);
    });

    it('retries an answer cut in the middle of its body', async () => {
      const { location, old } = await seeded();
      bench.server.faults.inject({ kind: 'truncate' });
      expect((await bench.provider.read(location)).current?.fingerprint).toEqual(old.fingerprint);
    });

    it('names the token variable on a 401 and never prints the token', async () => {
      const { location } = await seeded();
      const provider = createDopplerVault(
        dopplerSettingsSchema.parse({ baseUrl: bench.server.url, retries: 0 }),
        {
          clock: bench.clock,
          baseDir: '.',
          env: { DOPPLER_TOKEN: 'dp.st.not-a-real-token' },
        },
      );
      const error = await expectVaultError(provider.read(location), 'DOPPLER_UNAUTHORIZED');
      expect(error.message).toContain('"Invalid Auth token"; check DOPPLER_TOKEN');
      bench.expectNoSecretsIn(error);
      expect(inspect(error, { depth: 10 })).not.toContain('not-a-real-token');
    });

    it('says which variable to set when the token is missing', async () => {
      const provider = createDopplerVault(
        dopplerSettingsSchema.parse({ baseUrl: bench.server.url }),
        {
          clock: bench.clock,
          baseDir: '.',
          env: {},
        },
      );
      const error = await expectVaultError(provider.read(bench.location()), 'DOPPLER_NO_TOKEN');
      expect(error.message).toContain('DOPPLER_TOKEN is not set');
    });

    it('prints nothing and fails clearly when nothing listens', async () => {
      const { location } = await seeded();
      await bench.server.close();
      const log = vi.spyOn(console, 'log');
      const error = await expectVaultError(bench.provider.read(location), 'DOPPLER_UNREACHABLE');
      expect(error.message).toContain('connection failed (ECONNREFUSED)');
      expect(log).not.toHaveBeenCalled();
      log.mockRestore();
    });

    it('refuses, before any request, a name the SDK would mis-encode', async () => {
      const location = { ...bench.location(), project: 'backend&config=other' };
      await expectVaultError(bench.provider.read(location), 'DOPPLER_BAD_LOCATION');
      await expectVaultError(
        bench.provider.read({ ...bench.location(), name: 'KEY_PENDING' }),
        'DOPPLER_BAD_LOCATION',
      );
      expect(bench.server.count()).toBe(0);
    });
  });
});
