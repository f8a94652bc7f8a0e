import { setTimeout as delay } from 'node:timers/promises';
import {
  DopplerRequestError,
  type DopplerRequestFailure,
  dopplerMessages,
  isDopplerRequestError,
  RETRYABLE_STATUSES,
} from './request-error.js';

/**
 * The HTTP layer put under the SDK's services in place of its own `HTTPLibrary`.
 *
 * Why: measured on @dopplerhq/node-sdk 1.3.0, its transport cannot be made safe from outside.
 * It parses every body with `JSON.parse` inside the response's `end` listener, so an HTML 502 from
 * a proxy throws an uncaught `SyntaxError` (the process crashes) and the promise never settles; it
 * has no timeout and no way to abort, so a hung server hangs the call and keeps its socket; it
 * retries POST writes on 500/503/504 and on any exception; it loses `Retry-After` (it reads
 * `headers['Retry-After']`, Node lower-cases header names) and does not retry 429; it turns every
 * unknown status into 500 and every error message into `[object Object]`; it prints network
 * errors to stdout with `console.log`; its DELETE sends a body without a length. Wrapping its
 * calls in a timeout would leave the crash and the sockets, so the SDK keeps building requests
 * (URLs, query strings, headers, bodies) and this transport sends them.
 */

/** The part of the SDK's `HTTPClient` its services call. `retry` is the SDK's wish; ignored. */
export interface SdkHttpClient {
  get(
    url: string,
    input: unknown,
    headers: Record<string, string>,
    retry?: boolean,
  ): Promise<SdkResponse>;
  post(
    url: string,
    input: unknown,
    headers: Record<string, string>,
    retry?: boolean,
  ): Promise<SdkResponse>;
  delete(
    url: string,
    input: unknown,
    headers: Record<string, string>,
    retry?: boolean,
  ): Promise<SdkResponse>;
  put(
    url: string,
    input: unknown,
    headers: Record<string, string>,
    retry?: boolean,
  ): Promise<SdkResponse>;
  patch(
    url: string,
    input: unknown,
    headers: Record<string, string>,
    retry?: boolean,
  ): Promise<SdkResponse>;
}

/** What the SDK's services expect back: they return `data`. */
export interface SdkResponse {
  readonly data: unknown;
  readonly status: number;
}

/** How requests are sent and retried. */
export interface DopplerTransportOptions {
  /** Time limit of one request, body included, in milliseconds. */
  readonly timeoutMs: number;
  /** Retries after the first attempt, for reads; writes are retried only after a 429. */
  readonly retries: number;
  /** Longest `Retry-After` waited for, in milliseconds; a longer one fails at once. */
  readonly maxRetryAfterMs: number;
  /** First backoff, in milliseconds, before jitter (default 200). */
  readonly backoffBaseMs?: number;
  /** Longest backoff, in milliseconds (default 5000). */
  readonly backoffMaxMs?: number;
  readonly fetch?: typeof fetch;
  /** Waits between attempts (tests pass a recorder). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The current instant, for HTTP-date `Retry-After` and rate-limit resets. */
  readonly now: () => Date;
  readonly random?: () => number;
  /** Sent as `User-Agent`. */
  readonly userAgent?: string;
}

/** Reads `Retry-After` (seconds or HTTP-date), else `x-ratelimit-reset` (epoch seconds), in ms. */
export function retryAfterMs(headers: Headers, now: Date): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (value && /^\d+$/.test(value)) return Number(value) * 1000;
  if (value && /^[A-Za-z]{3},? /.test(value)) {
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  const reset = headers.get('x-ratelimit-reset')?.trim();
  if (headers.get('x-ratelimit-remaining')?.trim() === '0' && reset && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) * 1000 - now.getTime());
  }
  return undefined;
}

function operationOf(method: string, url: string): string {
  return `${method} ${new URL(url).pathname}`;
}

async function attemptOnce(
  options: DopplerTransportOptions,
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<SdkResponse> {
  const operation = operationOf(method, url);
  const fail = (f: Omit<DopplerRequestFailure, 'operation' | 'attempts'>, cause?: unknown) =>
    new DopplerRequestError({ ...f, operation, attempts: 1 }, { cause });
  let response: Response;
  let text: string;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method,
      headers: {
        ...headers,
        accept: 'application/json',
        'user-agent': options.userAgent ?? 'cativa-keys',
      },
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'error',
    });
    text = await response.text();
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    // Only the error's kind travels on: an undici error may quote the request it failed on.
    if (name === 'TimeoutError' || name === 'AbortError') throw fail({ kind: 'timeout' });
    const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
    throw fail({ kind: 'network', ...(typeof code === 'string' ? { detail: code } : {}) });
  }
  let data: unknown;
  let parsed = true;
  try {
    data = text === '' ? {} : JSON.parse(text);
  } catch {
    parsed = false;
  }
  const type = response.headers.get('content-type')?.split(';')[0]?.trim() || 'untyped';
  if (response.status >= 400) {
    const wait = retryAfterMs(response.headers, options.now());
    throw fail({
      kind: 'http',
      status: response.status,
      ...(parsed ? { messages: dopplerMessages(data) } : { detail: `${type} body` }),
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    });
  }
  if (!parsed)
    throw fail({ kind: 'bad-response', status: response.status, detail: `${type} body` });
  return { data, status: response.status };
}

function shouldRetry(
  method: string,
  error: DopplerRequestError,
  options: DopplerTransportOptions,
): boolean {
  if (error.retryAfterMs !== undefined && error.retryAfterMs > options.maxRetryAfterMs)
    return false;
  // A refused 429 was not processed, so even a write may be sent again. Other failures of a write
  // are left to the adapter, which re-reads and retries only under compare-and-set.
  if (method !== 'GET') return error.kind === 'http' && error.status === 429;
  return error.kind !== 'http' || RETRYABLE_STATUSES.has(error.status ?? 0);
}

/** Builds the transport; one per SDK client. */
export function createDopplerTransport(options: DopplerTransportOptions): SdkHttpClient {
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const random = options.random ?? Math.random;
  const base = options.backoffBaseMs ?? 200;
  const max = options.backoffMaxMs ?? 5_000;

  const send = async (
    method: string,
    url: string,
    headers: Record<string, string>,
    input?: unknown,
  ) => {
    const body = input === undefined ? undefined : JSON.stringify(input);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await attemptOnce(options, method, url, headers, body);
      } catch (error) {
        if (!isDopplerRequestError(error)) throw error;
        const counted = attempt > 1 ? error.withAttempts(attempt) : error;
        if (attempt > options.retries || !shouldRetry(method, counted, options)) throw counted;
        const backoff = Math.min(max, Math.round(base * 2 ** (attempt - 1) * (1 + random())));
        await sleep(Math.max(backoff, counted.retryAfterMs ?? 0));
      }
    }
  };
  const unused = (method: string) => async () => {
    // DELETE in SDK 1.3.0 sends a body without a length; secrets are deleted with a
    // `change_requests` entry (`shouldDelete`) instead. Nothing else is called.
    throw new Error(`${method} is not used by the Doppler provider`);
  };
  return {
    get: (url, _input, headers) => send('GET', url, headers),
    post: (url, input, headers) => send('POST', url, headers, input),
    delete: unused('DELETE'),
    put: unused('PUT'),
    patch: unused('PATCH'),
  };
}
