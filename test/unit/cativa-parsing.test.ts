import { describe, expect, it } from 'vitest';
import { CativaResponseError } from '../../src/cativa/errors.js';
import { parseIdentity } from '../../src/cativa/identity.js';
import { describeProblem, parseProblem } from '../../src/cativa/problem.js';
import { type RetryPolicy, retryDelayMs } from '../../src/cativa/retry.js';
import { parseRetryAfter } from '../../src/cativa/retry-after.js';

const TOKEN = 'eyJ-secret-session-token';

function issuesOf(body: string): unknown {
  try {
    parseIdentity(body);
  } catch (error) {
    expect(error).toBeInstanceOf(CativaResponseError);
    expect((error as Error).message).not.toContain(TOKEN);
    return (error as CativaResponseError).issues;
  }
  throw new Error('expected a throw');
}

describe('Function: parseIdentity', () => {
  it('keeps the relied-on fields and drops everything else, session tokens included', () => {
    const identity = parseIdentity(
      JSON.stringify({
        id: 'u1',
        customer: 'Acme',
        role: 'Admin',
        email: null,
        displayName: 7,
        accessToken: TOKEN,
        refreshToken: TOKEN,
        something: { nested: true },
      }),
    );
    expect(identity).toStrictEqual({
      id: 'u1',
      customer: 'Acme',
      role: 'Admin',
      email: undefined,
      displayName: undefined,
    });
  });

  it.each([
    [{ id: 'u1', accessToken: TOKEN }, [{ path: 'customer', message: 'is missing' }]],
    [{ id: 'u1', customer: '' }, [{ path: 'customer', message: 'must be a non-empty string' }]],
    [{ id: 'u1', customer: 12 }, [{ path: 'customer', message: 'must be a non-empty string' }]],
    [{ customer: 'Acme' }, [{ path: 'id', message: 'is missing' }]],
    [
      { id: 'u1', customer: 'Acme', role: 3 },
      [{ path: 'role', message: 'must be a string when present' }],
    ],
    [[TOKEN], [{ path: '(root)', message: 'must be a JSON object' }]],
  ])('names the field (not the value) for %j', (body, issues) => {
    expect(issuesOf(JSON.stringify(body))).toEqual(issues);
  });

  it('reports a non-JSON body without quoting it', () => {
    expect(issuesOf(`<html>${TOKEN}`)).toEqual([{ path: '(body)', message: 'is not JSON' }]);
  });
});

describe('Function: parseProblem', () => {
  it('reads the RFC 7807 fields and removes what the redactor removes', () => {
    const problem = parseProblem(
      401,
      JSON.stringify({
        type: 'Auth.Invalid',
        status: 401,
        title: 'Unauthorized',
        detail: 'bad key cativa_live_x',
        traceId: '0HMV5JK6L6NPL:00000003',
      }),
      (t) => t.replaceAll('cativa_live_x', '[redacted]'),
    );
    expect(problem).toEqual({
      status: 401,
      type: 'Auth.Invalid',
      title: 'Unauthorized',
      detail: 'bad key [redacted]',
      traceId: '0HMV5JK6L6NPL:00000003',
    });
    expect(describeProblem(problem)).toBe(
      '401 Auth.Invalid "Unauthorized" (traceId 0HMV5JK6L6NPL:00000003)',
    );
  });

  it.each(['', 'not json', '[1,2]', '{"type": 5}'])('tolerates the body %j', (body) => {
    expect(parseProblem(503, body)).toEqual({
      status: 503,
      type: undefined,
      title: undefined,
      detail: undefined,
      traceId: undefined,
    });
  });
});

describe('Function: parseRetryAfter', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
  });

  it('reads an HTTP-date relative to the injected clock', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
  });

  it.each([null, '', 'soon', '1.5', '-3'])('ignores %j', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});

describe('Function: retryDelayMs', () => {
  const policy = (random: number, backoffMaxMs = 10_000): RetryPolicy => ({
    retries: 3,
    backoffBaseMs: 100,
    backoffMaxMs,
    maxRetryAfterMs: 30_000,
    random: () => random,
    sleep: async () => {},
  });

  it('doubles per retry, with jitter of up to twice the base', () => {
    expect([0, 1, 2].map((n) => retryDelayMs(policy(0), n, undefined))).toEqual([100, 200, 400]);
    expect([0, 1, 2].map((n) => retryDelayMs(policy(0.5), n, undefined))).toEqual([150, 300, 600]);
  });

  it('caps the backoff but never goes below Retry-After', () => {
    expect(retryDelayMs(policy(0, 250), 5, undefined)).toBe(250);
    expect(retryDelayMs(policy(0, 250), 0, 2000)).toBe(2000);
  });
});
