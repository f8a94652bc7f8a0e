/**
 * Failures of one Doppler API request, as the transport reports them: what happened (`kind`), the
 * real HTTP status (the SDK reports unknown statuses as 500), Doppler's `messages` (scrubbed; the
 * SDK's `.message` is `[object Object]`), and the `Retry-After` the server asked for (the SDK
 * loses it). Never a response body, a header or a value.
 */

/** What went wrong with a request. */
export type DopplerFailureKind =
  /** No complete answer within the time limit (connection, headers or body). */
  | 'timeout'
  /** The connection failed (refused, reset, DNS). */
  | 'network'
  /** An answer with a status of 400 or more. */
  | 'http'
  /** A 2xx answer whose body is not JSON. */
  | 'bad-response';

/** Statuses worth retrying: rate limited, or the server or a proxy failed. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

const MAX_MESSAGES = 3;
const MAX_MESSAGE_CHARS = 200;

/**
 * Removes what could be a secret from a message of Doppler's before it is kept: Cativa keys,
 * Doppler tokens, long mixed-case-and-digit tokens, and any of `known` (values the caller holds).
 */
export function scrubMessage(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const value of known) if (value.length >= 4) out = out.split(value).join('[redacted]');
  return out
    .replace(/cativa_[a-z]+_[A-Za-z0-9_-]+/g, '[redacted]')
    .replace(/dp\.[a-z]{2,4}\.[A-Za-z0-9._-]+/g, '[redacted]')
    .replace(
      /(?=[A-Za-z0-9+/=_-]*[a-z])(?=[A-Za-z0-9+/=_-]*\d)[A-Za-z0-9+/=_-]{24,}/g,
      '[redacted]',
    )
    .slice(0, MAX_MESSAGE_CHARS);
}

/** Doppler's `{ messages: [...], success: false }`, scrubbed; empty for any other body. */
export function dopplerMessages(body: unknown, known: readonly string[] = []): string[] {
  const messages = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(messages)) return [];
  return messages
    .filter((m): m is string => typeof m === 'string')
    .slice(0, MAX_MESSAGES)
    .map((m) => scrubMessage(m, known));
}

/** The facts of a failed request. */
export interface DopplerRequestFailure {
  readonly kind: DopplerFailureKind;
  /** e.g. `GET /v3/configs/config/secrets` (no query: it names secrets, harmless, but long). */
  readonly operation: string;
  readonly status?: number;
  /** Doppler's messages, scrubbed. */
  readonly messages?: readonly string[];
  /** Requests made, retries included. */
  readonly attempts: number;
  /** What `Retry-After` (or the rate-limit reset) asked for, in milliseconds. */
  readonly retryAfterMs?: number;
  /** A short fact about the body when it was not Doppler's JSON, e.g. `text/html body`. */
  readonly detail?: string;
}

function describeFailure(f: DopplerRequestFailure): string {
  const what =
    f.kind === 'timeout'
      ? 'no answer within the time limit'
      : f.kind === 'network'
        ? 'connection failed'
        : f.kind === 'bad-response'
          ? 'the answer is not JSON'
          : `HTTP ${f.status}`;
  const messages = f.messages?.length
    ? `: ${f.messages.map((m) => JSON.stringify(m)).join(', ')}`
    : '';
  const detail = f.detail ? ` (${f.detail})` : '';
  const retry =
    f.retryAfterMs === undefined ? '' : `; retry after ${Math.ceil(f.retryAfterMs / 1000)} s`;
  const attempts = f.attempts > 1 ? `; ${f.attempts} attempts` : '';
  return `${f.operation}: ${what}${detail}${messages}${retry}${attempts}`;
}

/** One Doppler request failed; thrown by the transport, wrapped in `VaultError` by the adapter. */
export class DopplerRequestError extends Error implements DopplerRequestFailure {
  override readonly name = 'DopplerRequestError';
  readonly kind: DopplerFailureKind;
  readonly operation: string;
  readonly status: number | undefined;
  readonly messages: readonly string[];
  readonly attempts: number;
  readonly retryAfterMs: number | undefined;
  readonly detail: string | undefined;

  constructor(failure: DopplerRequestFailure, options?: { cause?: unknown }) {
    super(describeFailure(failure), options);
    this.kind = failure.kind;
    this.operation = failure.operation;
    this.status = failure.status;
    this.messages = failure.messages ?? [];
    this.attempts = failure.attempts;
    this.retryAfterMs = failure.retryAfterMs;
    this.detail = failure.detail;
  }

  /** Worth trying again later: rate limits, server errors, timeouts, lost connections. */
  get retryable(): boolean {
    return this.kind !== 'http' || RETRYABLE_STATUSES.has(this.status ?? 0);
  }

  /** For a write: the server may have applied it although the answer says otherwise or is lost. */
  get ambiguous(): boolean {
    return this.retryable && this.status !== 429;
  }

  /** The same failure with more requests counted. */
  withAttempts(attempts: number): DopplerRequestError {
    return new DopplerRequestError({ ...this, attempts }, { cause: this.cause });
  }
}

/** Type guard that checks the shape, not the prototype. */
export function isDopplerRequestError(error: unknown): error is DopplerRequestError {
  return error instanceof Error && error.name === 'DopplerRequestError' && 'kind' in error;
}
