import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CativaClientOptions, createCativaClient } from '../../src/cativa/client.js';
import { CativaRedirectError, CativaUnavailableError } from '../../src/cativa/errors.js';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { fixedClock } from '../../src/clock.js';
import { ExitCode } from '../../src/errors.js';
import type { Secret } from '../../src/secret.js';

const TRACE_ID = /^0H[0-9A-V]{11}:[0-9A-F]{8}$/;

let sim: CativaSimulator;
let key: Secret;
/** Delays the client asked to sleep, in milliseconds; the sleep itself returns at once. */
let delays: number[];

beforeEach(async () => {
  sim = await startCativaSimulator();
  key = sim.createKey({ tenant: 'Acme' });
  delays = [];
});

afterEach(async () => {
  await sim.close();
});

function clientWith(options: Partial<CativaClientOptions> = {}) {
  return createCativaClient({
    baseUrl: sim.url,
    backoffBaseMs: 100,
    backoffMaxMs: 1_000,
    random: () => 0,
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...options,
  });
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
  describe('Method: authMe, transient failures', () => {
    it.each([500, 502, 503, 504])(
      'retries %i with exponential backoff, then returns the answer',
      async (status) => {
        sim.failNext({ kind: 'status', status }, 3);
        const outcome = await clientWith().authMe(key);
        expect(outcome.kind).toBe('valid');
        expect(sim.requestCount()).toBe(4);
        expect(delays).toEqual([100, 200, 400]);
      },
    );

    it('adds jitter and caps the backoff', async () => {
      sim.failNext({ kind: 'status', status: 503 }, 3);
      await clientWith({ random: () => 0.5, backoffMaxMs: 250 }).authMe(key);
      expect(delays).toEqual([150, 250, 250]);
    });

    it('throws CativaUnavailableError with traceId and attempts when retries run out', async () => {
      sim.failNext({ kind: 'status', status: 500 }, 10);
      const error = await rejectionOf(clientWith().authMe(key));
      expect(error).toBeInstanceOf(CativaUnavailableError);
      const unavailable = error as CativaUnavailableError;
      expect(unavailable).toMatchObject({
        code: 'CATIVA_UNAVAILABLE',
        name: 'CativaUnavailableError',
        exitCode: ExitCode.cativaUnavailable,
        retryable: true,
        status: 500,
        problemType: 'Server.Error',
        attempts: 4,
        reason: 'status',
      });
      expect(unavailable.traceId).toMatch(TRACE_ID);
      expect(unavailable.message).toContain(unavailable.traceId);
      expect(unavailable.message).toContain('4 attempts');
      expect(inspect(unavailable, { depth: Number.POSITIVE_INFINITY })).not.toContain(key.reveal());
      expect(sim.requestCount()).toBe(4);
      expect(delays).toHaveLength(3);
    });

    it('makes a single attempt with retries: 0', async () => {
      sim.failNext({ kind: 'status', status: 502 }, 2);
      await expect(clientWith({ retries: 0 }).authMe(key)).rejects.toMatchObject({
        attempts: 1,
      });
      expect(sim.requestCount()).toBe(1);
    });

    it('reports a network error as unavailable after every attempt', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise((resolve) => closed.close(resolve));
      const error = await rejectionOf(
        clientWith({ baseUrl: `http://127.0.0.1:${port}` }).authMe(key),
      );
      expect(error).toMatchObject({ reason: 'network', attempts: 4, status: undefined });
      expect((error as Error).message).toContain('ECONNREFUSED');
    });
  });

  describe('Method: authMe, 429 Retry-After', () => {
    it('waits at least the Retry-After seconds before the next attempt', async () => {
      sim.failNext({ kind: 'status', status: 429, retryAfter: '2' });
      const outcome = await clientWith().authMe(key);
      expect(outcome.kind).toBe('valid');
      expect(delays).toEqual([2000]);
    });

    it('reads an HTTP-date Retry-After with the injected clock', async () => {
      const clock = fixedClock(new Date('2026-03-01T12:00:00.000Z'));
      sim.failNext({ kind: 'status', status: 429, retryAfter: 'Sun, 01 Mar 2026 12:00:05 GMT' });
      await clientWith({ clock }).authMe(key);
      expect(delays).toEqual([5000]);
    });

    it('keeps the longer exponential backoff when Retry-After is shorter', async () => {
      sim.failNext({ kind: 'status', status: 429, retryAfter: '0' });
      await clientWith().authMe(key);
      expect(delays).toEqual([100]);
    });

    it('stops at once when Retry-After asks for more than the cap', async () => {
      sim.failNext({ kind: 'status', status: 429, retryAfter: '120' }, 4);
      const error = await rejectionOf(clientWith({ maxRetryAfterMs: 30_000 }).authMe(key));
      expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000, attempts: 1 });
      expect(delays).toEqual([]);
      expect(sim.requestCount()).toBe(1);
    });
  });

  describe('Method: authMe, timeouts', () => {
    it('gives up on a server that never answers, after every attempt', async () => {
      sim.failNext({ kind: 'hang' }, 4);
      const error = await rejectionOf(clientWith({ timeoutMs: 100 }).authMe(key));
      expect(error).toBeInstanceOf(CativaUnavailableError);
      expect(error).toMatchObject({ reason: 'timeout', attempts: 4 });
      expect((error as Error).message).toContain('100 ms');
      expect(sim.requestCount()).toBe(4);
    });

    it("times out when the server's latency exceeds timeoutMs", async () => {
      sim.setLatency(1_000);
      await expect(clientWith({ timeoutMs: 50, retries: 0 }).authMe(key)).rejects.toMatchObject({
        code: 'CATIVA_UNAVAILABLE',
        reason: 'timeout',
        attempts: 1,
      });
    });

    it('recovers when a later attempt is answered', async () => {
      sim.failNext({ kind: 'hang' });
      const outcome = await clientWith({ timeoutMs: 100 }).authMe(key);
      expect(outcome.kind).toBe('valid');
      expect(sim.requestCount()).toBe(2);
    });
  });

  describe('Method: authMe, redirects', () => {
    let targetHits: { authorization: string | undefined }[];
    let target: ReturnType<typeof createServer>;

    beforeEach(async () => {
      targetHits = [];
      target = createServer((req, res) => {
        targetHits.push({ authorization: req.headers.authorization });
        res.end('{}');
      });
      await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    });

    afterEach(async () => {
      target.closeAllConnections();
      await new Promise((resolve) => target.close(resolve));
    });

    it.each([301, 302, 307, 308])(
      'does not follow a %i, so the target never receives the key',
      async (status) => {
        const { port } = target.address() as AddressInfo;
        const location = `http://127.0.0.1:${port}/social/v1/auth/me`;
        sim.failNext({ kind: 'redirect', location, status }, 4);
        const error = await rejectionOf(clientWith().authMe(key));
        expect(error).toBeInstanceOf(CativaRedirectError);
        expect(error).toMatchObject({ code: 'CATIVA_REDIRECTED', status, retryable: false });
        expect((error as Error).message).toMatch(/not followed.*not re-sent/);
        expect(targetHits).toEqual([]);
        expect(sim.requestCount()).toBe(1);
      },
    );
  });
});
