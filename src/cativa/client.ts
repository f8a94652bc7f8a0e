import { type Clock, systemClock } from '../clock.js';
import { REDACTED, type Secret } from '../secret.js';
import { authMeUrl, checkBaseUrl } from './base-url.js';
import { CativaConfigError } from './errors.js';
import { interpretResponse, transportError } from './interpret.js';
import { createNodeTransport, type FetchLike } from './node-transport.js';
import { type RetryPolicy, type Sleep, timerSleep, withRetries } from './retry.js';
import type { AuthMeOutcome, CativaClient } from './types.js';

export type { FetchLike } from './node-transport.js';

/** Options of {@link createCativaClient}. */
export interface CativaClientOptions {
  /** e.g. `https://apis.cativalab.digital`; `http:` only for loopback hosts. A path prefix is kept. */
  readonly baseUrl: string;
  /** Limit per request (connect, headers and body), in milliseconds. Default 10000. */
  readonly timeoutMs?: number;
  /** Retries after the first request for 429/500/502/503/504/timeouts/network errors. Default 3. */
  readonly retries?: number;
  /** First backoff before jitter, in milliseconds. Default 500. */
  readonly backoffBaseMs?: number;
  /** Largest backoff, in milliseconds. Default 8000. */
  readonly backoffMaxMs?: number;
  /** Longest `Retry-After` honoured, in milliseconds; a longer one stops retrying. Default 30000. */
  readonly maxRetryAfterMs?: number;
  /** Default: {@link createNodeTransport} (Node's http/https with keep-alive). */
  readonly fetch?: FetchLike;
  /** Default: Node's timers. Tests inject one to record the delays asked for. */
  readonly sleep?: Sleep;
  /** Reads the time for `Retry-After` HTTP-dates. Default: the system clock. */
  readonly clock?: Clock;
  /** Jitter source in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
}

/**
 * Creates the Cativa API client. Throws {@link CativaConfigError} (exit code 2) when the base URL
 * is not `https:` (or `http:` to a loopback host) or a number option is out of range.
 *
 * The key is sent only to the base URL: redirects are not followed. A 401 or 403 is an answer
 * about the key and is returned; every other failure is thrown as a `CativaError`, except a
 * cancellation through the caller's signal, which rejects with the signal's reason.
 */
export function createCativaClient(options: CativaClientOptions): CativaClient {
  const base = checkBaseUrl(options.baseUrl);
  const url = authMeUrl(base);
  const timeoutMs = checkNumber('timeoutMs', options.timeoutMs ?? 10_000, 1);
  const policy: RetryPolicy = {
    retries: checkNumber('retries', options.retries ?? 3, 0),
    backoffBaseMs: checkNumber('backoffBaseMs', options.backoffBaseMs ?? 500, 0),
    backoffMaxMs: checkNumber('backoffMaxMs', options.backoffMaxMs ?? 8_000, 0),
    maxRetryAfterMs: checkNumber('maxRetryAfterMs', options.maxRetryAfterMs ?? 30_000, 0),
    random: options.random ?? Math.random,
    sleep: options.sleep ?? timerSleep,
  };
  const fetchFn: FetchLike = options.fetch ?? createNodeTransport();
  const clock = options.clock ?? systemClock;

  async function authMe(key: Secret, call?: { signal?: AbortSignal }): Promise<AuthMeOutcome> {
    const value = key.reveal();
    // Defence in depth: a server echoing the key in a problem body must not carry it further.
    const redact = (text: string) => (value === '' ? text : text.replaceAll(value, REDACTED));
    const callerSignal = call?.signal;
    return withRetries(
      policy,
      async (attempt) => {
        // A timer cleared once the answer is read, rather than AbortSignal.timeout, whose timer
        // and signal live on for the whole timeout: at thousands of calls that is memory held.
        const expiry = new AbortController();
        const timer = setTimeout(
          () => expiry.abort(new DOMException('the request timed out', 'TimeoutError')),
          timeoutMs,
        );
        const timeout = expiry.signal;
        const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
        const context = { attempt, host: base.host, timeoutMs, clock, redact };
        try {
          const response = await fetchFn(url, {
            method: 'GET',
            headers: { Authorization: `Bearer ${value}`, Accept: 'application/json' },
            redirect: 'manual',
            signal,
          });
          return await interpretResponse(response, context);
        } catch (error) {
          throw transportError(error, { ...context, callerSignal, timeout });
        } finally {
          clearTimeout(timer);
        }
      },
      callerSignal,
    );
  }

  return { authMe };
}

function checkNumber(name: string, value: number, min: number): number {
  if (!Number.isFinite(value) || value < min) {
    throw new CativaConfigError(`the Cativa client option ${name} must be a number >= ${min}`);
  }
  return value;
}
