import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { expect } from 'vitest';
import {
  type DopplerLocation,
  type DopplerSettings,
  dopplerSettingsSchema,
} from '../../providers/doppler/config.js';
import { createDopplerVault, type DopplerVaultOptions } from '../../providers/doppler/index.js';
import type { VaultProvider, WriteContext } from '../../providers/types.js';
import { type Clock, fixedClock } from '../../src/clock.js';
import { isCativaKeysError } from '../../src/errors.js';
import { type Fingerprint, fingerprintOf, Secret } from '../../src/secret.js';
import {
  type DopplerServer,
  type DopplerServerOptions,
  startDopplerServer,
} from './doppler-server.js';

/** The project and config every bench location lives in. */
export const BENCH_PROJECT = 'backend';
export const BENCH_CONFIG = 'prd';

/** A local Doppler server, a provider pointed at it, and keys whose values are remembered. */
export interface DopplerBench {
  readonly server: DopplerServer;
  readonly provider: VaultProvider<DopplerLocation>;
  readonly clock: Clock & { set(d: Date): void; advance(ms: number): void };
  /** Every delay the provider asked to wait, in milliseconds (it does not really wait). */
  readonly sleeps: number[];
  /** A fresh location in the bench config. */
  location(name?: string): DopplerLocation;
  /** A fresh key in the Cativa format. */
  key(): { secret: Secret; fingerprint: Fingerprint; raw: string };
  ctx(): WriteContext;
  /** Fails when any key value issued so far, or the token, appears in `value` printed any way. */
  expectNoSecretsIn(value: unknown): void;
  close(): Promise<void>;
}

/** Options: provider settings (over small timeouts), server options, provider seams. */
export interface DopplerBenchOptions {
  readonly settings?: Partial<DopplerSettings>;
  readonly server?: DopplerServerOptions;
  readonly provider?: DopplerVaultOptions;
  /** Real waits between attempts instead of recorded ones. */
  readonly realSleep?: boolean;
}

export const BENCH_START = new Date(Date.UTC(2025, 0, 1));

export async function createDopplerBench(options: DopplerBenchOptions = {}): Promise<DopplerBench> {
  const clock = fixedClock(BENCH_START);
  const server = await startDopplerServer({ now: () => clock.now(), ...options.server });
  server.createConfig(BENCH_PROJECT, BENCH_CONFIG);
  const sleeps: number[] = [];
  const settings = dopplerSettingsSchema.parse({
    baseUrl: server.url,
    timeoutMs: 300,
    retries: 2,
    maxRetryAfterMs: 5_000,
    ...options.settings,
  });
  const provider = createDopplerVault(
    settings,
    { clock, baseDir: process.cwd(), env: { DOPPLER_TOKEN: server.token } },
    {
      backoffBaseMs: 1,
      ...(options.realSleep
        ? {}
        : {
            sleep: async (ms: number) => {
              sleeps.push(ms);
            },
          }),
      ...options.provider,
    },
  );
  const issued: string[] = [server.token];
  let locations = 0;
  let writes = 0;
  return {
    server,
    provider,
    clock,
    sleeps,
    location: (name) => {
      locations += 1;
      return {
        provider: 'doppler',
        project: BENCH_PROJECT,
        config: BENCH_CONFIG,
        name: name ?? `CATIVA_API_KEY_${locations}`,
      };
    },
    key() {
      const raw = `cativa_live_${randomBytes(16).toString('hex')}`;
      issued.push(raw);
      const secret = new Secret(raw);
      return { secret, fingerprint: fingerprintOf(secret), raw };
    },
    ctx() {
      writes += 1;
      return { rotationId: `bench-${writes}`, at: new Date(clock.now().getTime() + writes) };
    },
    expectNoSecretsIn(value) {
      const text = [JSON.stringify(value), inspect(value, { depth: 10 }), String(value)].join('\n');
      const leaked = issued.filter((raw) => text.includes(raw)).length;
      expect(leaked, 'secret values found in printed text').toBe(0);
    },
    close: () => server.close(),
  };
}

/** Awaits a promise expected to reject with a `VaultError` of `code`; returns the error. */
export async function expectVaultError(
  promise: Promise<unknown>,
  code: string,
): Promise<Error & { code: string; retryable: boolean }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a VaultError ${code}`).toBeInstanceOf(Error);
  if (!isCativaKeysError(error)) throw error;
  expect({ name: error.name, code: error.code }).toEqual({ name: 'VaultError', code });
  return error as Error & { code: string; retryable: boolean };
}

/** Awaits a write expected to fail with `ConflictError`; checks that it prints no secret. */
export async function expectConflictError(
  promise: Promise<unknown>,
  bench: DopplerBench,
): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a ConflictError').toBeInstanceOf(Error);
  if (!isCativaKeysError(error)) throw error;
  expect({ name: error.name, code: error.code }).toEqual({
    name: 'ConflictError',
    code: 'CONFLICT',
  });
  bench.expectNoSecretsIn(error);
  return error;
}
