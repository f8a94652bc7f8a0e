import { describe, expect, it } from 'vitest';
import { createDopplerSdkClient } from '../../providers/doppler/client.js';
import { scrubMessage } from '../../providers/doppler/request-error.js';
import {
  createDopplerTransport,
  retryAfterMs,
  type SdkHttpClient,
} from '../../providers/doppler/transport.js';
import { Secret } from '../../src/secret.js';

const NOW = new Date('2025-01-01T00:00:00Z');

/** A fetch that answers from a list, recording each call's method. */
function scriptedFetch(answers: Array<() => Response>) {
  const calls: string[] = [];
  const fn = (async (_url: string | URL | Request, init?: RequestInit) => {
    calls.push(init?.method ?? 'GET');
    const next = answers.shift();
    if (!next) throw new Error('unexpected request');
    return next();
  }) as typeof fetch;
  return { fn, calls };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });

function transport(fetchFn: typeof fetch, sleeps: number[] = []) {
  return createDopplerTransport({
    timeoutMs: 1_000,
    retries: 2,
    maxRetryAfterMs: 10_000,
    fetch: fetchFn,
    now: () => NOW,
    random: () => 0,
    backoffBaseMs: 100,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

describe('Function: retryAfterMs', () => {
  it('reads delay-seconds, an HTTP-date, and the rate-limit reset when nothing is left', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }), NOW)).toBe(7_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }), NOW)).toBe(
      30_000,
    );
    const reset = String(NOW.getTime() / 1000 + 12);
    expect(
      retryAfterMs(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), NOW),
    ).toBe(12_000);
    expect(
      retryAfterMs(new Headers({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': reset }), NOW),
    ).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), NOW)).toBeUndefined();
  });
});

describe('Function: scrubMessage', () => {
  it('removes keys, Doppler tokens, long mixed tokens and known values, and keeps the words', () => {
    const text = scrubMessage(
      'bad cativa_live_0123abcd value near dp.st.prd.AbC123 and a1b2c3d4e5f6a1b2c3d4e5f6a1 in CATIVA_API_KEY_PENDING with hunter2x',
      ['hunter2x'],
    );
    expect(text).toBe(
      'bad [redacted] value near [redacted] and [redacted] in CATIVA_API_KEY_PENDING with [redacted]',
    );
  });
});

describe('Function: createDopplerTransport', () => {
  it('retries a read after a 503, waiting at least the backoff', async () => {
    const { fn, calls } = scriptedFetch([
      json(503, { messages: ['busy'], success: false }),
      json(200, { ok: true }),
    ]);
    const sleeps: number[] = [];
    await expect(transport(fn, sleeps).get('http://x/v3/a', {}, {})).resolves.toMatchObject({
      data: { ok: true },
    });
    expect([calls, sleeps]).toEqual([['GET', 'GET'], [100]]);
  });

  it('never sends a write again after a 5xx: the adapter re-reads first', async () => {
    const { fn, calls } = scriptedFetch([json(503, { messages: ['busy'], success: false })]);
    await expect(transport(fn).post('http://x/v3/a', { a: 1 }, {})).rejects.toMatchObject({
      name: 'DopplerRequestError',
      kind: 'http',
      status: 503,
      ambiguous: true,
    });
    expect(calls).toEqual(['POST']);
  });

  it('sends a write again after a 429, which Doppler did not process', async () => {
    const { fn, calls } = scriptedFetch([
      json(429, { messages: ['slow'] }, { 'retry-after': '2' }),
      json(200, {}),
    ]);
    const sleeps: number[] = [];
    await transport(fn, sleeps).post('http://x/v3/a', {}, {});
    expect([calls, sleeps]).toEqual([['POST', 'POST'], [2_000]]);
  });

  it('reports a 200 whose body is not JSON as a bad response, naming the type only', async () => {
    const { fn } = scriptedFetch([
      () =>
        new Response('<html>ok</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
    ]);
    await expect(transport(fn).post('http://x/v3/a', {}, {})).rejects.toMatchObject({
      kind: 'bad-response',
      message: 'POST /v3/a: the answer is not JSON (text/html body)',
    });
  });
});

describe('Function: createDopplerSdkClient', () => {
  it('lets the SDK build the request and our transport send it', async () => {
    const sent: Array<{ url: string; headers: Record<string, string> }> = [];
    const recorder: SdkHttpClient = {
      get: async (url, _input, headers) => {
        sent.push({ url, headers });
        return { data: { secrets: {} }, status: 200 };
      },
      post: async () => ({ data: {}, status: 200 }),
      delete: async () => ({ data: {}, status: 200 }),
      put: async () => ({ data: {}, status: 200 }),
      patch: async () => ({ data: {}, status: 200 }),
    };
    const client = createDopplerSdkClient({
      token: new Secret('dp.st.unit'),
      baseUrl: 'http://127.0.0.1:9/',
      transport: recorder,
    });
    await expect(
      client.secrets.list('backend', 'prd', { secrets: 'A,A_PENDING' }),
    ).resolves.toEqual({ secrets: {} });
    expect(sent).toEqual([
      {
        url: 'http://127.0.0.1:9/v3/configs/config/secrets?project=backend&config=prd&secrets=A,A_PENDING',
        headers: { Authorization: 'Bearer dp.st.unit' },
      },
    ]);
  });
});
