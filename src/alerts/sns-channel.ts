import type { PublishCommandInput, PublishCommandOutput, SNS } from '@aws-sdk/client-sns';
import type { AlertChannel } from './channel.js';
import { isRetryableStatus } from './channel.js';
import type { AlertDigest } from './digest-types.js';
import { AlertDeliveryError } from './errors.js';
import { renderText } from './render-text.js';
import { sanitizeText } from './sanitize.js';

/** The part of the SNS client the channel uses (the SDK's `SNS` class fits it). */
export interface SnsPort {
  publish(
    input: PublishCommandInput,
    options?: { abortSignal?: AbortSignal },
  ): Promise<PublishCommandOutput>;
}

/** Compile-time proof that the real SDK client fits the port. */
export const snsClientFitsPort = (client: SNS): SnsPort => client;

/** Options of {@link createSnsChannel}. */
export interface SnsChannelOptions {
  readonly name: string;
  readonly topicArn: string;
  /** Gives the client (built on first send, so the SDK loads only when used). */
  readonly client: () => Promise<SnsPort>;
}

/** SNS allows 256 KiB per message; leave room for attributes. */
const MAX_MESSAGE_CHARS = 200_000;

/** SNS subjects: ASCII, no line breaks, under 100 characters. */
export function snsSubject(title: string): string {
  const ascii = title.replaceAll(/[^\x20-\x7e]/g, '?').trim();
  return ascii.length < 100 ? ascii : `${ascii.slice(0, 96)}...`;
}

function describeSdkError(error: unknown): {
  message: string;
  status?: number;
  retryable: boolean;
} {
  const e = error as {
    name?: unknown;
    $metadata?: { httpStatusCode?: unknown };
    $retryable?: unknown;
  };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const status =
    typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const retryable = e.$retryable !== undefined || status === undefined || isRetryableStatus(status);
  return {
    message: `SNS Publish failed: ${name}${status === undefined ? '' : ` (HTTP ${status})`}`,
    ...(status === undefined ? {} : { status }),
    retryable,
  };
}

/**
 * An SNS topic: publishes the digest as plain text (readable by e-mail and chat subscribers),
 * with the severity counts as message attributes for subscription filter policies.
 */
export function createSnsChannel(options: SnsChannelOptions): AlertChannel {
  return {
    name: options.name,
    type: 'sns',
    secrets: [],
    async send(digest: AlertDigest, signal: AbortSignal): Promise<void> {
      const top = digest.groups[0]?.severity ?? 'info';
      try {
        const client = await options.client();
        await client.publish(
          {
            TopicArn: options.topicArn,
            Subject: snsSubject(digest.title),
            Message: renderText(digest, MAX_MESSAGE_CHARS),
            MessageAttributes: {
              type: { DataType: 'String', StringValue: digest.type },
              severity: { DataType: 'String', StringValue: top },
              critical: { DataType: 'Number', StringValue: String(digest.counts.critical) },
            },
          },
          { abortSignal: signal },
        );
      } catch (error) {
        const { message, status, retryable } = describeSdkError(error);
        throw new AlertDeliveryError(options.name, sanitizeText(message), {
          retryable,
          status,
          cause: error,
        });
      }
    },
  };
}
