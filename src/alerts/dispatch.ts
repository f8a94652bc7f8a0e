import pRetry from 'p-retry';
import type { AlertChannel, ChannelResult } from './channel.js';
import type { AlertDigest } from './digest-types.js';
import { AlertDeliveryError, isAlertDeliveryError } from './errors.js';
import { sanitizeText } from './sanitize.js';

/** Retry and time limits of one alert on each channel. */
export interface DispatchOptions {
  /** Retries after the first attempt. */
  readonly retries: number;
  /** First delay between attempts, in milliseconds; doubles each retry, with jitter. */
  readonly retryBaseMs: number;
  /** Limit per attempt, in milliseconds. */
  readonly timeoutMs: number;
  /** Told about every failed attempt (for logs); never throws into the dispatch. */
  readonly onAttemptFailed?: (
    channel: AlertChannel,
    attempt: number,
    error: AlertDeliveryError,
  ) => void;
}

function asDeliveryError(channel: AlertChannel, error: unknown): AlertDeliveryError {
  if (isAlertDeliveryError(error)) return error;
  // Not thrown by a channel on purpose: its message is not trusted to be free of secrets.
  const name = error instanceof Error ? error.name : typeof error;
  return new AlertDeliveryError(channel.name, sanitizeText(`unexpected ${name}`, channel.secrets), {
    retryable: false,
    cause: error,
  });
}

async function deliver(
  channel: AlertChannel,
  digest: AlertDigest,
  options: DispatchOptions,
): Promise<ChannelResult> {
  let attempts = 0;
  try {
    await pRetry(
      async () => {
        attempts += 1;
        try {
          await channel.send(digest, AbortSignal.timeout(options.timeoutMs));
        } catch (error) {
          throw asDeliveryError(channel, error);
        }
      },
      {
        retries: options.retries,
        minTimeout: options.retryBaseMs,
        maxTimeout: Math.max(options.retryBaseMs * 8, options.retryBaseMs),
        factor: 2,
        randomize: true,
        onFailedAttempt: ({ error, attemptNumber }) => {
          try {
            options.onAttemptFailed?.(channel, attemptNumber, asDeliveryError(channel, error));
          } catch {
            // A failing observer must not change the delivery.
          }
        },
        shouldRetry: ({ error }) => asDeliveryError(channel, error).retryable,
      },
    );
    return { channel: channel.name, type: channel.type, ok: true, attempts };
  } catch (error) {
    const failure = asDeliveryError(channel, error);
    return {
      channel: channel.name,
      type: channel.type,
      ok: false,
      attempts,
      error: {
        code: failure.code,
        message: failure.message,
        ...(failure.status === undefined ? {} : { status: failure.status }),
      },
    };
  }
}

/**
 * Sends one alert to every channel at once, each with bounded retries. Never throws: a failing
 * channel is reported in its result and does not hold back the others.
 */
export async function dispatchAlert(
  digest: AlertDigest,
  channels: readonly AlertChannel[],
  options: DispatchOptions,
): Promise<ChannelResult[]> {
  return Promise.all(channels.map((channel) => deliver(channel, digest, options)));
}
