import type { Secret } from '../secret.js';
import type { AlertDigest } from './digest-types.js';

/** The kinds of channel an alert can go to. */
export const CHANNEL_TYPES = ['slack', 'sns', 'webhook'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** One place alerts go. */
export interface AlertChannel {
  /** As configured, or the type; names the channel in results, logs and metrics. */
  readonly name: string;
  readonly type: ChannelType;
  /**
   * Delivers the alert once; the dispatcher retries. Throws `AlertDeliveryError` (with
   * `retryable`) and nothing else; its message never holds a URL, secret or payload.
   * @param signal aborts the attempt when its time is up.
   */
  send(digest: AlertDigest, signal: AbortSignal): Promise<void>;
  /** Values this channel holds that must never be printed; error messages are scrubbed of them. */
  readonly secrets: readonly Secret[];
}

/** Outcome of one alert on one channel: safe to log, return and print. */
export interface ChannelResult {
  readonly channel: string;
  readonly type: ChannelType;
  readonly ok: boolean;
  /** Attempts made, the first included. */
  readonly attempts: number;
  /** Why it failed, when it did: a stable code and a message without secrets. */
  readonly error?: {
    readonly code: string;
    readonly message: string;
    readonly status?: number;
  };
}

/** True for an HTTP status that a later attempt may not get (429 and 5xx). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}
