import {
  CativaKeysError,
  type CativaKeysErrorOptions,
  ExitCode,
  type FieldIssue,
} from '../errors.js';
import type { CativaProblem } from './types.js';

/** Stable codes of the errors the Cativa client throws. */
export const CativaErrorCode = {
  config: 'CATIVA_CONFIG_INVALID',
  unavailable: 'CATIVA_UNAVAILABLE',
  api: 'CATIVA_API_ERROR',
  redirected: 'CATIVA_REDIRECTED',
  badResponse: 'CATIVA_BAD_RESPONSE',
} as const;
export type CativaErrorCode = (typeof CativaErrorCode)[keyof typeof CativaErrorCode];

const CODES: ReadonlySet<string> = new Set(Object.values(CativaErrorCode));

/**
 * Base class of every error the Cativa client throws, so callers can catch them all. Messages
 * carry the status, problem type, title and traceId; never a key or a session token.
 */
export abstract class CativaError extends CativaKeysError {
  abstract override readonly code: CativaErrorCode;
  readonly exitCode: ExitCode = ExitCode.cativaUnavailable;
}

/** True for any {@link CativaError}, also across module copies (checks `code`, not the prototype). */
export function isCativaError(error: unknown): error is CativaError {
  return error instanceof Error && CODES.has(String((error as { code?: unknown }).code));
}

/** Details of an HTTP answer that an error carries (all optional: timeouts have none). */
export interface CativaErrorDetails extends CativaKeysErrorOptions {
  /** HTTP status of the answer. */
  status?: number;
  /** The parsed RFC 7807 body, when the answer had one. */
  problem?: CativaProblem;
}

/** The client was configured wrongly (e.g. a plain-http base URL to a remote host). */
export class CativaConfigError extends CativaError {
  override readonly name = 'CativaConfigError';
  readonly code = CativaErrorCode.config;
  override readonly exitCode: ExitCode = ExitCode.usage;
}

/** Shared fields of the errors that describe an HTTP answer (or its absence): status, traceId. */
export abstract class CativaAnswerError extends CativaError {
  /** HTTP status of the last answer; undefined for timeouts and network errors. */
  readonly status: number | undefined;
  /** The problem body of the last answer, when there was one. */
  readonly problem: CativaProblem | undefined;

  constructor(message: string, details: CativaErrorDetails = {}) {
    super(message, { cause: details.cause });
    this.status = details.status;
    this.problem = details.problem;
  }

  /** The problem's `type` (e.g. `Validation.Email.Invalid`), when Cativa sent one. */
  get problemType(): string | undefined {
    return this.problem?.type;
  }

  /** Cativa's correlation id, to quote when reporting the failure. */
  get traceId(): string | undefined {
    return this.problem?.traceId;
  }
}

/** Why Cativa counted as unavailable. */
export type UnavailableReason = 'status' | 'timeout' | 'network';

/**
 * Cativa could not give an answer about the key after every allowed attempt: 429, 500, 502, 503,
 * 504, a timeout or a network error. Retryable later.
 */
export class CativaUnavailableError extends CativaAnswerError {
  override readonly name = 'CativaUnavailableError';
  readonly code = CativaErrorCode.unavailable;
  override readonly retryable = true;
  /** How many requests were sent, including the first. */
  readonly attempts: number;
  readonly reason: UnavailableReason;
  /** What the last answer's `Retry-After` asked for, in milliseconds, when it had one. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    details: CativaErrorDetails & {
      attempts: number;
      reason: UnavailableReason;
      retryAfterMs?: number;
    },
  ) {
    super(message, details);
    this.attempts = details.attempts;
    this.reason = details.reason;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Cativa answered a status that no retry will change (400, 404, 422, other 4xx, 501...). */
export class CativaApiError extends CativaAnswerError {
  override readonly name = 'CativaApiError';
  readonly code = CativaErrorCode.api;
}

/** Cativa answered with a redirect; it was not followed, so the key went nowhere else. */
export class CativaRedirectError extends CativaAnswerError {
  override readonly name = 'CativaRedirectError';
  readonly code = CativaErrorCode.redirected;
}

/** A 200 answer whose body is not JSON or lacks a field the tool relies on. */
export class CativaResponseError extends CativaAnswerError {
  override readonly name = 'CativaResponseError';
  readonly code = CativaErrorCode.badResponse;
  /** Field paths and what was expected there; never the values found. */
  readonly issues: readonly FieldIssue[];

  constructor(message: string, issues: readonly FieldIssue[], details: CativaErrorDetails = {}) {
    super(`${message}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, details);
    this.issues = issues;
  }
}
