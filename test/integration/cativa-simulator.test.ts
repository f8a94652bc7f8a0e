import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATIVA_KEY_PATTERN } from '../../src/cativa/key-format.js';
import { AUTH_ME_ROUTE, startCativaSimulator } from '../../src/cativa/simulator.js';
import {
  SIM_ACCESS_TOKEN_PREFIX,
  SIM_REFRESH_TOKEN_PREFIX,
} from '../../src/cativa/simulator-auth-me.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { fingerprintOf } from '../../src/secret.js';

const TRACE_ID = /^0H[0-9A-V]{11}:[0-9A-F]{8}$/;

let sim: CativaSimulator;

beforeEach(async () => {
  sim = await startCativaSimulator();
});

afterEach(async () => {
  await sim.close();
});

/** A JSON answer as the tests read it (loosely typed on purpose: tests probe its shape). */
interface Answer {
  status: number;
  type: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON fields
  body: any;
}

async function authMe(bearer?: string): Promise<Answer> {
  const headers: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : {};
  const res = await fetch(`${sim.url}/social/v1/auth/me`, { headers });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: await res.json(),
  };
}

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.url}/__admin${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const answer: Answer = {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: text === '' ? undefined : JSON.parse(text),
  };
  return answer;
}

function expectProblem(answer: Pick<Answer, 'type' | 'body'>, status: number): void {
  expect(answer.type).toBe('application/problem+json');
  expect(answer.body).toMatchObject({
    status,
    type: expect.any(String),
    title: expect.any(String),
  });
  expect(answer.body.detail).toEqual(expect.any(String));
  expect(answer.body.traceId).toMatch(TRACE_ID);
}

describe('Function: startCativaSimulator', () => {
  describe('GET /social/v1/auth/me', () => {
    it('answers 200 with the user, the customer and fresh session tokens', async () => {
      const user = sim.createUser({ tenant: 'Acme', role: 'Admin' });
      const key = sim.createKey({ tenant: 'Acme', userId: user.id, name: 'CI build' });
      expect(key.reveal()).toMatch(CATIVA_KEY_PATTERN);
      const first = await authMe(key.reveal());
      const second = await authMe(key.reveal());
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        id: user.id,
        customer: 'Acme',
        role: 'Admin',
        email: user.email,
        displayName: user.displayName,
        firstName: user.firstName,
        lastName: user.lastName,
        userName: user.userName,
        status: 'Active',
      });
      expect(first.body.accessToken).toMatch(new RegExp(`^${SIM_ACCESS_TOKEN_PREFIX}`));
      expect(first.body.refreshToken).toMatch(new RegExp(`^${SIM_REFRESH_TOKEN_PREFIX}`));
      expect(second.body.accessToken).not.toBe(first.body.accessToken);
    });

    it('answers 401 problems for a missing, unknown or revoked key', async () => {
      const key = sim.createKey({ tenant: 'Acme' });
      expectProblem(await authMe(), 401);
      expectProblem(await authMe('cativa_live_0123456789abcdef0123456789abcdef'), 401);
      sim.revokeKey(key);
      const revoked = await authMe(key.reveal());
      expectProblem(revoked, 401);
      expect(revoked.body.type).toBe('Auth.Credential.Revoked');
    });

    it('answers 403 for a key without permission, and 200 once it is given back', async () => {
      const key = sim.createKey({ tenant: 'Acme', permission: false });
      expectProblem(await authMe(key.reveal()), 403);
      sim.setPermission(key, true);
      expect((await authMe(key.reveal())).status).toBe(200);
    });

    it('answers 404 problems for unknown routes', async () => {
      const res = await fetch(`${sim.url}/social/v1/nothing`);
      expectProblem({ type: res.headers.get('content-type') ?? '', body: await res.json() }, 404);
    });

    it('numbers trace ids per connection', async () => {
      const a = await authMe();
      const b = await authMe();
      expect(a.body.traceId).not.toBe(b.body.traceId);
    });

    it('counts requests per route and per key fingerprint', async () => {
      const key = sim.createKey({ tenant: 'Acme' });
      await authMe(key.reveal());
      await authMe(key.reveal());
      await authMe();
      expect(sim.requestCount()).toBe(3);
      expect(sim.requestCount(AUTH_ME_ROUTE)).toBe(3);
      expect(sim.keyRequestCount(key)).toBe(2);
      expect(sim.snapshot().requests.byKey).toEqual({ [fingerprintOf(key).sha256]: 2 });
      sim.resetCounters();
      expect(sim.requestCount()).toBe(0);
    });

    it('applies queued faults in order, one per request, then answers normally', async () => {
      const key = sim.createKey({ tenant: 'Acme' });
      sim.failNext({ kind: 'status', status: 503 }, 2);
      sim.failNext({ kind: 'status', status: 429, retryAfter: '7' });
      expect((await authMe(key.reveal())).status).toBe(503);
      expect((await authMe(key.reveal())).status).toBe(503);
      const limited = await fetch(`${sim.url}/social/v1/auth/me`);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      await limited.body?.cancel();
      expect((await authMe(key.reveal())).status).toBe(200);
    });
  });

  describe('Method: close', () => {
    it('ends hung requests so nothing keeps the process alive', async () => {
      sim.failNext({ kind: 'hang' });
      const pending = fetch(`${sim.url}/social/v1/auth/me`).then(
        () => 'answered',
        () => 'failed',
      );
      await expect.poll(() => sim.requestCount()).toBe(1);
      await sim.close();
      await expect(pending).resolves.toBe('failed');
    });
  });

  describe('admin API', () => {
    it('creates a tenant, a user and a key, returning the key value once', async () => {
      expect(await admin('POST', '/tenants', { name: 'Globex' })).toMatchObject({
        status: 201,
        body: { name: 'Globex' },
      });
      const user = await admin('POST', '/users', { tenant: 'Globex', role: 'Owner' });
      expect(user).toMatchObject({ status: 201, body: { tenant: 'Globex', role: 'Owner' } });
      const created = await admin('POST', '/keys', { tenant: 'Globex', userId: user.body.id });
      expect(created.status).toBe(201);
      expect(created.body.key).toMatch(CATIVA_KEY_PATTERN);
      const me = await authMe(created.body.key);
      expect(me.body).toMatchObject({ customer: 'Globex', id: user.body.id, role: 'Owner' });
      const state = await admin('GET', '/state');
      expect(JSON.stringify(state.body)).not.toContain(created.body.key);
      expect(state.body.keys).toHaveLength(1);
    });

    it('revokes by id and sets permission by value', async () => {
      const a = (await admin('POST', '/keys', { tenant: 'Acme' })).body;
      const b = (await admin('POST', '/keys', { tenant: 'Acme' })).body;
      expect(await admin('POST', '/keys/revoke', { id: a.id })).toMatchObject({
        status: 200,
        body: { revoked: true },
      });
      expect((await authMe(a.key)).status).toBe(401);
      await admin('POST', '/keys/permission', { key: b.key, permission: false });
      expect((await authMe(b.key)).status).toBe(403);
    });

    it('queues faults, sets latency and reports and resets counters', async () => {
      const created = (await admin('POST', '/keys', { tenant: 'Acme' })).body;
      expect(
        (await admin('POST', '/faults', { fault: { kind: 'status', status: 502 }, times: 2 }))
          .status,
      ).toBe(204);
      expect(sim.snapshot().pendingFaults).toBe(2);
      expect((await admin('DELETE', '/faults')).status).toBe(204);
      expect(sim.snapshot().pendingFaults).toBe(0);
      await admin('POST', '/faults', { fault: { kind: 'malformed', body: 'missing-customer' } });
      const broken = await authMe(created.key);
      expect(broken.status).toBe(200);
      expect(broken.body.customer).toBeUndefined();
      expect((await admin('PUT', '/latency', { ms: 5 })).status).toBe(204);
      expect(sim.snapshot().latencyMs).toBe(5);
      const counts = await admin('GET', '/requests');
      expect(counts.body.byRoute[AUTH_ME_ROUTE]).toBe(1);
      await admin('DELETE', '/requests');
      expect(sim.requestCount()).toBe(0);
    });

    it('answers 400 validation problems with field errors, and 404 for unknown keys', async () => {
      const bad = await admin('POST', '/faults', { fault: { kind: 'status', status: 99 } });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ type: 'Validation.Failed', status: 400 });
      expect(Object.keys(bad.body.errors)).toEqual(['fault.status']);
      expect(bad.body.traceId).toMatch(TRACE_ID);
      const missing = await admin('POST', '/keys/revoke', { id: 'nope' });
      expect(missing).toMatchObject({ status: 404, body: { status: 404 } });
      expect((await admin('GET', '/nothing')).status).toBe(404);
    });
  });
});
