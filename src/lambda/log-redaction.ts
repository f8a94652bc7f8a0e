import { sanitizeText } from '../alerts/sanitize.js';
import { isCativaKeysError } from '../errors.js';
import type { Secret } from '../secret.js';

/** How errors appear in logs: stable fields, messages cleaned, causes followed a few levels. */
export interface LoggedError {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
  /** Cativa's correlation id, when the error came from a Cativa answer. */
  readonly traceId?: string;
  readonly status?: number;
  readonly retryable?: boolean;
  readonly cause?: LoggedError;
}

const MAX_CAUSE_DEPTH = 4;

/** Turns an error into {@link LoggedError}; stacks are left out (they repeat the message). */
export function loggedError(error: Error, known: readonly Secret[] = [], depth = 0): LoggedError {
  const e = error as Error & {
    code?: unknown;
    traceId?: unknown;
    status?: unknown;
    retryable?: unknown;
  };
  const cause = error.cause instanceof Error && depth < MAX_CAUSE_DEPTH ? error.cause : undefined;
  return {
    name: error.name,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    // A foreign error's message (a JSON parser's, an SDK's) may quote what it failed on, and the
    // cleaning only knows the shapes of our secrets: such errors are logged by name and code.
    message: isCativaKeysError(error)
      ? sanitizeText(error.message, known)
      : `unexpected ${error.name}`,
    ...(typeof e.traceId === 'string' ? { traceId: e.traceId } : {}),
    ...(typeof e.status === 'number' ? { status: e.status } : {}),
    ...(typeof e.retryable === 'boolean' ? { retryable: e.retryable } : {}),
    ...(cause ? { cause: loggedError(cause, known, depth + 1) } : {}),
  };
}

/**
 * A JSON replacer for the Powertools logger: every string is cleaned of keys, session tokens,
 * URL paths and the values in `known()` (webhook URLs, HMAC secrets); errors become
 * {@link LoggedError}. `Secret`s already serialise as `[redacted]` before a replacer sees them.
 */
export function createLogReplacer(
  known: () => readonly Secret[],
): (key: string, value: unknown) => unknown {
  return (_key, value) => {
    if (typeof value === 'string') return sanitizeText(value, known());
    if (value instanceof Error) return loggedError(value, known());
    return value;
  };
}
