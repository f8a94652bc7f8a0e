import { setTimeout as delay } from 'node:timers/promises';
import pRetry from 'p-retry';
import { CativaUnavailableError } from './errors.js';

/** Waits `ms` milliseconds; rejects with the signal's reason when it aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real sleep, on Node's timers. */
export const timerSleep: Sleep = (ms, signal) => delay(ms, undefined, { signal });

/** How failed attempts are retried. */
export interface RetryPolicy {
  /** Retries after the first attempt (3 means at most 4 requests). */
  readonly retries: number;
  /** First backoff, in milliseconds, before jitter. */
  readonly backoffBaseMs: number;
  /** Largest backoff, in milliseconds, after jitter. */
  readonly backoffMaxMs: number;
  /**
   * Longest `Retry-After` the client will wait, in milliseconds. A longer one ends the retries
   * at once: waiting less than the server asked would be rude, waiting more would stall a run.
   */
  readonly maxRetryAfterMs: number;
  /** Source of jitter in [0, 1). */
  readonly random: () => number;
  readonly sleep: Sleep;
}

/**
 * Backoff before retry number `retriesConsumed + 1`: `base * 2^retriesConsumed`, times a jitter
 * factor in [1, 2), capped at `backoffMaxMs`; never less than what `Retry-After` asked for.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retriesConsumed: number,
  retryAfterMs: number | undefined,
): number {
  const jitter = 1 + policy.random();
  const backoff = Math.min(
    policy.backoffMaxMs,
    Math.round(policy.backoffBaseMs * 2 ** retriesConsumed * jitter),
  );
  return Math.max(backoff, retryAfterMs ?? 0);
}

function isRetryable(policy: RetryPolicy, error: unknown): error is CativaUnavailableError {
  return (
    error instanceof CativaUnavailableError &&
    (error.retryAfterMs === undefined || error.retryAfterMs <= policy.maxRetryAfterMs)
  );
}

/**
 * Runs `attempt` until it succeeds, throws something other than a retryable
 * {@link CativaUnavailableError}, or the retries run out (then its last error is thrown).
 * p-retry drives the loop and the abort signal; the waiting is done here with the injected sleep
 * (p-retry's own timer is off) so that `Retry-After` can be a floor and tests can see each delay.
 */
export function withRetries<T>(
  policy: RetryPolicy,
  attempt: (attemptNumber: number) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  return pRetry(attempt, {
    retries: policy.retries,
    minTimeout: 0,
    signal,
    shouldRetry: ({ error }) => isRetryable(policy, error),
    onFailedAttempt: async ({ error, retriesLeft, retriesConsumed }) => {
      if (retriesLeft <= 0 || !isRetryable(policy, error)) return;
      await policy.sleep(retryDelayMs(policy, retriesConsumed, error.retryAfterMs), signal);
    },
  });
}
