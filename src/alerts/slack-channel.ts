import type { FetchFunction, IncomingWebhook } from '@slack/webhook';
import type { Secret } from '../secret.js';
import type { AlertChannel } from './channel.js';
import { isRetryableStatus } from './channel.js';
import { AlertDeliveryError } from './errors.js';
import { renderSlack } from './render-slack.js';
import { sanitizeText } from './sanitize.js';

/** Options of {@link createSlackChannel}. */
export interface SlackChannelOptions {
  readonly name: string;
  /** The incoming webhook URL: it is the credential, so it stays a Secret. */
  readonly webhookUrl: Secret;
  /** Limit per attempt, in milliseconds. */
  readonly timeoutMs: number;
  /** Default: the global `fetch`. */
  readonly fetch?: FetchFunction;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * A Slack incoming webhook (`@slack/webhook`, loaded on first send) posting the digest as Block
 * Kit. The library's own retries are off: the dispatcher retries every channel the same way.
 */
export function createSlackChannel(options: SlackChannelOptions): AlertChannel {
  let webhook: Promise<IncomingWebhook> | undefined;
  const secrets = [options.webhookUrl];
  return {
    name: options.name,
    type: 'slack',
    secrets,
    async send(digest, signal) {
      webhook ??= import('@slack/webhook').then(
        ({ IncomingWebhook }) =>
          new IncomingWebhook(options.webhookUrl.reveal(), {
            timeout: options.timeoutMs,
            retryConfig: { retries: 0 },
            ...(options.fetch ? { fetch: options.fetch } : {}),
          }),
      );
      try {
        const client = await webhook;
        signal.throwIfAborted();
        await client.send(renderSlack(digest));
      } catch (error) {
        const status = statusOf(error);
        const message =
          status === undefined
            ? `the Slack webhook request failed (${(error as Error).name})`
            : `Slack answered ${status}`;
        throw new AlertDeliveryError(options.name, sanitizeText(message, secrets), {
          retryable: status === undefined || isRetryableStatus(status),
          status,
          cause: error,
        });
      }
    },
  };
}
