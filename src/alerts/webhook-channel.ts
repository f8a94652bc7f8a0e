import type { Clock } from '../clock.js';
import type { Secret } from '../secret.js';
import type { AlertChannel } from './channel.js';
import { isRetryableStatus } from './channel.js';
import type { AlertDigest } from './digest-types.js';
import { AlertDeliveryError } from './errors.js';
import { sanitizeText } from './sanitize.js';
import {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
} from './webhook-signature.js';

/** The part of `fetch` the webhook channel uses. */
export type WebhookFetch = (
  url: string,
  init: {
    method: 'POST';
    headers: Record<string, string>;
    body: string;
    redirect: 'manual';
    signal: AbortSignal;
  },
) => Promise<Response>;

/** Options of {@link createWebhookChannel}. */
export interface WebhookChannelOptions {
  readonly name: string;
  readonly url: Secret;
  /** The HMAC-SHA256 key shared with the receiver. */
  readonly secret: Secret;
  readonly clock: Clock;
  /** Default: the global `fetch`. */
  readonly fetch?: WebhookFetch;
}

/**
 * A generic JSON webhook: POSTs the digest as JSON, signed with HMAC-SHA256 over
 * `<timestamp>.<body>` (headers in `webhook-signature.ts`, verification in docs/alerts.md).
 * Redirects are not followed; 408, 429 and 5xx and network errors are retryable.
 */
export function createWebhookChannel(options: WebhookChannelOptions): AlertChannel {
  const fetchFn: WebhookFetch = options.fetch ?? ((u, init) => fetch(u, init));
  const secrets = [options.url, options.secret];
  const fail = (message: string, retryable: boolean, extra: { status?: number; cause?: unknown }) =>
    new AlertDeliveryError(options.name, sanitizeText(message, secrets), { retryable, ...extra });

  return {
    name: options.name,
    type: 'webhook',
    secrets,
    async send(digest: AlertDigest, signal: AbortSignal): Promise<void> {
      const body = JSON.stringify(digest);
      const timestampS = Math.floor(options.clock.now().getTime() / 1000);
      let response: Response;
      try {
        response = await fetchFn(options.url.reveal(), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'cativa-keys',
            [TIMESTAMP_HEADER]: String(timestampS),
            [SIGNATURE_HEADER]: signWebhook(options.secret, timestampS, body),
            [DELIVERY_HEADER]: digest.id,
          },
          body,
          redirect: 'manual',
          signal,
        });
      } catch (error) {
        const what = signal.aborted ? 'timed out' : `request failed (${(error as Error).name})`;
        throw fail(`the webhook ${what}`, true, { cause: error });
      }
      // The body is not needed, but must be consumed so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return;
      const status = response.status;
      if (status >= 300 && status < 400) {
        throw fail(`the webhook answered ${status} (redirects are not followed)`, false, {
          status,
        });
      }
      throw fail(`the webhook answered ${status}`, isRetryableStatus(status), { status });
    },
  };
}
