import { setTimeout as delay } from 'node:timers/promises';
import { classifySdkError, mapSdkError } from './errors.js';

/** Waits `ms` milliseconds. */
export type Sleep = (ms: number) => Promise<void>;

/** How rate-limited calls are retried. */
export interface RateLimitPolicy {
  /** Retries after the first call (3 means at most 4 calls). */
  readonly retries: number;
  /** Wait before the first retry, in milliseconds; doubled before each next one. */
  readonly backoffBaseMs: number;
  /** Longest wait between two calls, in milliseconds. */
  readonly backoffMaxMs: number;
  readonly sleep: Sleep;
}

/** Production defaults: 1 s, 2 s, 4 s... capped at 10 s. */
export const DEFAULT_RATE_LIMIT_POLICY: RateLimitPolicy = {
  retries: 3,
  backoffBaseMs: 1_000,
  backoffMaxMs: 10_000,
  sleep: (ms) => delay(ms),
};

/** Runs one SDK call, retrying it while it is rate-limited; other errors pass through as thrown. */
export type RateLimitRetry = <T>(run: () => Promise<T>) => Promise<T>;

/**
 * Builds the retry wrapper of every SDK call. Only rate limits are retried: a conflict needs a
 * re-read (the caller's job), an auth or not-found error will not heal by waiting.
 */
export function createRateLimitRetry(policy: RateLimitPolicy): RateLimitRetry {
  return async (run) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await run();
      } catch (error) {
        if (classifySdkError(error) !== 'rate-limited' || attempt >= policy.retries) throw error;
        await policy.sleep(Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** attempt));
      }
    }
  };
}

/** Awaits an SDK call's promise, mapping its failure to the project's errors for `label`. */
export async function settled<T>(label: string, operation: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw mapSdkError(label, operation, error);
  }
}
