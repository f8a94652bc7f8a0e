import { describe, expect, it } from 'vitest';
import { classifySdkError, mapSdkError } from '../../providers/onepassword/errors.js';
import { isCativaKeysError } from '../../src/errors.js';
import { printedForms } from '../contract/contract-helpers.js';
import { rawTestKey, testKey } from '../support/file-vault-bench.js';
import { createOnePasswordBench } from '../support/onepassword-fake-bench.js';
import {
  AuthExpiredError,
  RateLimitExceededError,
  SDK_MESSAGES,
  sdkError,
} from '../support/onepassword-fake-errors.js';

const LABEL = 'onepassword:Integrations/Cativa HubSpot#credential';
const ctx = { rotationId: 'r-1', at: new Date('2025-02-01T00:00:00Z') };

describe('Function: mapSdkError', () => {
  it.each([
    [new RateLimitExceededError(), 'VaultError', 'ONEPASSWORD_RATE_LIMITED', true],
    [new AuthExpiredError(), 'VaultError', 'ONEPASSWORD_AUTH_EXPIRED', true],
    [sdkError(SDK_MESSAGES.invalidToken), 'VaultError', 'ONEPASSWORD_AUTH_INVALID', false],
    [sdkError(SDK_MESSAGES.notFound), 'VaultError', 'ONEPASSWORD_NOT_FOUND', false],
    [sdkError(SDK_MESSAGES.permission), 'VaultError', 'ONEPASSWORD_PERMISSION_DENIED', false],
    [sdkError(SDK_MESSAGES.moreThanOneItem), 'VaultError', 'ONEPASSWORD_AMBIGUOUS', false],
    [sdkError('request timeout'), 'VaultError', 'ONEPASSWORD_TIMEOUT', true],
    [sdkError(SDK_MESSAGES.conflict), 'ConflictError', 'CONFLICT', false],
    [sdkError('incorrect item version'), 'ConflictError', 'CONFLICT', false],
    [sdkError('something new'), 'VaultError', 'ONEPASSWORD_OTHER', false],
  ])('maps %o to %s %s', (error, name, code, retryable) => {
    const mapped = mapSdkError(LABEL, 'items.get', error);
    expect(mapped).toMatchObject({ name, code, retryable, cause: error });
    expect(mapped.message).toMatch(
      /^onepassword:Integrations\/Cativa HubSpot#credential: items\.get: /,
    );
  });

  it('keeps an unknown error message but not what looks like a credential', () => {
    const mapped = mapSdkError(LABEL, 'items.put', sdkError(`odd ${rawTestKey(1)} ops_abc123 end`));
    expect(mapped.message).toContain('odd [redacted] [redacted] end');
  });

  it('classifies by constructor name, since the SDK leaves every error named Error', () => {
    const error = new RateLimitExceededError('anything');
    expect(error.name).toBe('Error');
    expect(classifySdkError(error)).toBe('rate-limited');
  });
});

describe('Provider: onepassword errors', () => {
  it('retries a rate-limited read and succeeds within the budget', async () => {
    const waits: number[] = [];
    const bench = createOnePasswordBench({
      settings: { rateLimitRetries: 3 },
      options: { rateLimit: { sleep: async (ms) => void waits.push(ms) } },
    });
    bench.fake.failNext('vaults.list', new RateLimitExceededError(), 3);
    const snapshot = await bench.provider.read(bench.location('Cativa HubSpot'));
    expect(snapshot.current).toBeUndefined();
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it('gives up after the retry budget with a retryable VaultError naming the location', async () => {
    const bench = createOnePasswordBench({ settings: { rateLimitRetries: 2 } });
    bench.fake.failNext('items.list', new RateLimitExceededError(), 3);
    const error = await bench.provider
      .read(bench.location('Cativa HubSpot'))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'VaultError',
      code: 'ONEPASSWORD_RATE_LIMITED',
      retryable: true,
    });
    expect((error as Error).message).toContain(LABEL);
    expect(bench.fake.calls.filter((c) => c === 'items.list')).toHaveLength(3);
  });

  it('does not retry an expired session, and reports it per location in readMany', async () => {
    const bench = createOnePasswordBench();
    bench.fake.failNext('vaults.list', new AuthExpiredError());
    const [answer] = (await bench.provider.readMany?.([bench.location('Cativa HubSpot')])) ?? [];
    expect(answer && 'error' in answer && answer.error).toMatchObject({
      code: 'ONEPASSWORD_AUTH_EXPIRED',
    });
    expect(bench.fake.calls).toEqual(['vaults.list']);
  });

  it('never puts a key value into an error, in any printed form', async () => {
    const bench = createOnePasswordBench();
    const location = bench.location('Cativa HubSpot');
    await bench.provider.writeCurrent(location, testKey(1).secret, undefined, ctx);
    await bench.provider.stage(location, testKey(2).secret, ctx);
    bench.fake.failNext('items.put', sdkError(`weird ${rawTestKey(3)}`));
    const errors = await Promise.all([
      bench.provider.stage(location, testKey(3).secret, ctx).catch((e: unknown) => e),
      bench.provider.promote(location, testKey(4).fingerprint, ctx).catch((e: unknown) => e),
      bench.provider
        .writeCurrent(location, testKey(3).secret, undefined, ctx)
        .catch((e: unknown) => e),
    ]);
    for (const error of errors) {
      expect(isCativaKeysError(error)).toBe(true);
      const printed = printedForms(error);
      for (const n of [1, 2, 3, 4]) expect(printed).not.toContain(rawTestKey(n));
    }
  });
});
