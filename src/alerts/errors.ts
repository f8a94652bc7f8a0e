import { CativaKeysError, type CativaKeysErrorOptions, ExitCode } from '../errors.js';

/** Exit code of a one-shot run (`cativa-keys watch --once`) when an alert channel failed. */
export const ALERT_FAILED_EXIT_CODE = ExitCode.alertFailed;

/** Stable codes of alert errors. */
export const AlertErrorCode = {
  delivery: 'ALERT_DELIVERY_FAILED',
  channelConfig: 'ALERT_CHANNEL_CONFIG',
} as const;
export type AlertErrorCode = (typeof AlertErrorCode)[keyof typeof AlertErrorCode];

/**
 * An alert could not be delivered to one channel. The message names the channel and what went
 * wrong (HTTP status, SNS error name), never the webhook URL, the HMAC secret or the payload.
 */
export class AlertDeliveryError extends CativaKeysError {
  override readonly name = 'AlertDeliveryError';
  readonly code: AlertErrorCode;
  readonly exitCode = ExitCode.alertFailed;
  override readonly retryable: boolean;
  /** Name of the channel, as configured (or its type). */
  readonly channel: string;
  /** HTTP status of the last answer, when there was one. */
  readonly status: number | undefined;

  constructor(
    channel: string,
    message: string,
    options: CativaKeysErrorOptions & {
      retryable: boolean;
      status?: number | undefined;
      code?: AlertErrorCode;
    },
  ) {
    super(`alert channel '${channel}': ${message}`, { cause: options.cause });
    this.channel = channel;
    this.retryable = options.retryable;
    this.status = options.status;
    this.code = options.code ?? AlertErrorCode.delivery;
  }
}

/** True for an {@link AlertDeliveryError}, also across module copies. */
export function isAlertDeliveryError(error: unknown): error is AlertDeliveryError {
  return (
    error instanceof Error &&
    Object.values(AlertErrorCode).includes((error as { code?: unknown }).code as AlertErrorCode) &&
    typeof (error as { channel?: unknown }).channel === 'string'
  );
}
