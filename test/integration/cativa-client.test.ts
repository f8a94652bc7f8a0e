import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCativaClient } from '../../src/cativa/client.js';
import { CativaApiError, CativaError, CativaResponseError } from '../../src/cativa/errors.js';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import {
  SIM_ACCESS_TOKEN_PREFIX,
  SIM_REFRESH_TOKEN_PREFIX,
} from '../../src/cativa/simulator-auth-me.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import type { CativaClient } from '../../src/cativa/types.js';
import { Secret } from '../../src/secret.js';

const TRACE_ID = /^0H[0-9A-V]{11}:[0-9A-F]{8}$/;

let sim: CativaSimulator;
let client: CativaClient;

beforeEach(async () => {
  sim = await startCativaSimulator();
  client = createCativaClient({ baseUrl: sim.url, sleep: async () => {} });
});

afterEach(async () => {
  await sim.close();
});

/** Fails when any rendering of `value` holds a session token or the key. */
function expectNothingSecretIn(value: unknown, key: Secret): void {
  const renderings = [
    JSON.stringify(value),
    JSON.stringify(value, Object.getOwnPropertyNames(value ?? {})),
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    String(value),
  ];
  for (const text of renderings) {
    expect(text).not.toContain(SIM_ACCESS_TOKEN_PREFIX);
    expect(text).not.toContain(SIM_REFRESH_TOKEN_PREFIX);
    expect(text).not.toContain(key.reveal());
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('Function: createCativaClient', () => {
  describe('Method: authMe, valid key', () => {
    it('returns the identity with the customer and drops extra fields and session tokens', async () => {
      const user = sim.createUser({ tenant: 'Acme', role: 'Admin', email: 'ada@acme.test' });
      const key = sim.createKey({ tenant: 'Acme', userId: user.id });
      const outcome = await client.authMe(key);
      expect(outcome).toStrictEqual({
        kind: 'valid',
        identity: {
          id: user.id,
          customer: 'Acme',
          role: 'Admin',
          email: 'ada@acme.test',
          displayName: user.displayName,
        },
      });
      expectNothingSecretIn(outcome, key);
    });

    it('sends the key as a Bearer token with Accept: application/json, not following redirects', async () => {
      const key = sim.createKey({ tenant: 'Acme' });
      const seen: { url: string; accept?: string; redirect: string }[] = [];
      const observed = createCativaClient({
        baseUrl: sim.url,
        fetch: (url, init) => {
          seen.push({ url, accept: init.headers.Accept, redirect: init.redirect });
          return fetch(url, init);
        },
      });
      await observed.authMe(key);
      expect(seen).toEqual([
        { url: `${sim.url}/social/v1/auth/me`, accept: 'application/json', redirect: 'manual' },
      ]);
      expect(sim.keyRequestCount(key)).toBe(1);
    });
  });

  describe('Method: authMe, answers about the key', () => {
    it('returns unauthorized with the problem and its traceId for a revoked key', async () => {
      const key = sim.createKey({ tenant: 'Acme' });
      sim.revokeKey(key);
      const outcome = await client.authMe(key);
      expect(outcome).toMatchObject({
        kind: 'unauthorized',
        problem: { status: 401, type: 'Auth.Credential.Revoked', title: 'Unauthorized' },
      });
      expect(outcome.kind === 'unauthorized' && outcome.problem.traceId).toMatch(TRACE_ID);
      expectNothingSecretIn(outcome, key);
    });

    it('returns unauthorized for a key Cativa does not know', async () => {
      const key = new Secret('cativa_live_0123456789abcdef0123456789abcdef');
      const outcome = await client.authMe(key);
      expect(outcome).toMatchObject({ kind: 'unauthorized', problem: { status: 401 } });
    });

    it('returns forbidden with the traceId for a key without permission', async () => {
      const key = sim.createKey({ tenant: 'Acme', permission: false });
      const outcome = await client.authMe(key);
      expect(outcome).toMatchObject({ kind: 'forbidden', problem: { status: 403 } });
      expect(outcome.kind === 'forbidden' && outcome.problem.traceId).toMatch(TRACE_ID);
    });

    it.each([401, 403])('does not retry a %i', async (status) => {
      const key = sim.createKey({ tenant: 'Acme' });
      sim.failNext({ kind: 'status', status }, 5);
      await client.authMe(key);
      expect(sim.requestCount()).toBe(1);
    });
  });

  describe('Method: authMe, unusable 200 bodies', () => {
    it.each([
      ['missing-customer', 'customer is missing'],
      ['customer-number', 'customer must be a non-empty string'],
      ['missing-id', 'id is missing'],
      ['not-json', '(body) is not JSON'],
    ] as const)('throws CativaResponseError for %s, naming the field, once', async (body, text) => {
      const key = sim.createKey({ tenant: 'Acme' });
      sim.failNext({ kind: 'malformed', body }, 5);
      const error = await rejectionOf(client.authMe(key));
      expect(error).toBeInstanceOf(CativaResponseError);
      expect(error).toBeInstanceOf(CativaError);
      expect(error).toMatchObject({ code: 'CATIVA_BAD_RESPONSE', retryable: false, status: 200 });
      expect((error as Error).message).toContain(text);
      expect(sim.requestCount()).toBe(1);
      expectNothingSecretIn(error, key);
    });
  });

  describe('Method: authMe, other client errors', () => {
    it.each([400, 404, 422])('throws CativaApiError for %i without retrying', async (status) => {
      const key = sim.createKey({ tenant: 'Acme' });
      sim.failNext({ kind: 'status', status }, 5);
      const error = await rejectionOf(client.authMe(key));
      expect(error).toBeInstanceOf(CativaApiError);
      expect(error).toMatchObject({ code: 'CATIVA_API_ERROR', retryable: false, status });
      const { traceId } = error as CativaApiError;
      expect(traceId).toMatch(TRACE_ID);
      expect((error as Error).message).toContain(String(status));
      expect((error as Error).message).toContain(traceId);
      expect(sim.requestCount()).toBe(1);
      expectNothingSecretIn(error, key);
    });

    it('answers 404 for a base URL with a wrong path prefix', async () => {
      const key = sim.createKey({ tenant: 'Acme' });
      const prefixed = createCativaClient({ baseUrl: `${sim.url}/nope` });
      await expect(prefixed.authMe(key)).rejects.toMatchObject({
        status: 404,
        problemType: 'Route.NotFound',
      });
    });
  });

  describe('Method: authMe, cancellation', () => {
    it("rejects with the caller's reason and does not retry", async () => {
      const key = sim.createKey({ tenant: 'Acme' });
      sim.failNext({ kind: 'hang' });
      const controller = new AbortController();
      const reason = new Error('stopped by the caller');
      const pending = client.authMe(key, { signal: controller.signal });
      await expect.poll(() => sim.requestCount()).toBe(1);
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
      expect(sim.requestCount()).toBe(1);
    });
  });
});
