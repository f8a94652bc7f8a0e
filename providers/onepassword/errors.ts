import { ConflictError, isCativaKeysError, VaultError } from '../../src/errors.js';

/**
 * What went wrong in a 1Password SDK call. The SDK throws three error classes (rate limit, auth
 * expired, desktop session expired) and plain `Error`s carrying only a message from its core, so
 * the kind is read from the class name (works without importing the SDK) and the message.
 */
export type SdkErrorKind =
  | 'rate-limited'
  | 'auth-expired'
  | 'auth-invalid'
  | 'conflict'
  | 'ambiguous'
  | 'not-found'
  | 'permission-denied'
  | 'timeout'
  | 'other';

const BY_MESSAGE: ReadonlyArray<readonly [RegExp, SdkErrorKind]> = [
  [/rate limit exceeded/i, 'rate-limited'],
  [/service account token|not authenticated|failed to authenticate/i, 'auth-invalid'],
  [/conflict|incorrect item version/i, 'conflict'],
  [/more than one .* matched/i, 'ambiguous'],
  [/not found|no (vault|item|section) matched|cannot be found/i, 'not-found'],
  [/permission/i, 'permission-denied'],
  [/timeout|timed out/i, 'timeout'],
];

/** Classifies an error thrown by the SDK (or by the test fake, which throws the same shapes). */
export function classifySdkError(error: unknown): SdkErrorKind {
  const className = (error as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  if (className === 'RateLimitExceededError') return 'rate-limited';
  if (className === 'AuthExpiredError' || className === 'DesktopSessionExpiredError') {
    return 'auth-expired';
  }
  const message = error instanceof Error ? error.message : String(error);
  return BY_MESSAGE.find(([re]) => re.test(message))?.[1] ?? 'other';
}

const DESCRIPTIONS: Record<Exclude<SdkErrorKind, 'conflict'>, string> = {
  'rate-limited': '1Password rate limit exceeded, retries exhausted; try again later',
  'auth-expired': 'the 1Password session expired; run again (create a new token if it persists)',
  'auth-invalid': 'the 1Password service account token is invalid, revoked or malformed',
  ambiguous: 'the reference matches more than one vault, item or field; use ids',
  'not-found': 'not found, or not shared with the service account',
  'permission-denied': 'the service account lacks permission for this vault',
  timeout: 'the 1Password request timed out',
  other: '1Password SDK error',
};

/** Keeps the SDK's own words for unknown errors, without anything that looks like a credential. */
function sanitized(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).slice(0, 200);
  return text.replace(/\b(?:ops_|cativa_)\S*/gi, '[redacted]');
}

/**
 * Maps an SDK error to the project's errors, naming the location and the operation: a version
 * conflict becomes `ConflictError`, everything else `VaultError` with a stable
 * `ONEPASSWORD_*` code. Our own errors pass through unchanged.
 */
export function mapSdkError(label: string, operation: string, error: unknown): Error {
  if (isCativaKeysError(error)) return error;
  const kind = classifySdkError(error);
  if (kind === 'conflict') {
    return new ConflictError(label, `${operation}: the item changed concurrently`, {
      cause: error,
    });
  }
  const detail = kind === 'other' ? `: ${sanitized(error)}` : '';
  return new VaultError(label, `${operation}: ${DESCRIPTIONS[kind]}${detail}`, {
    cause: error,
    code: `ONEPASSWORD_${kind.toUpperCase().replace('-', '_')}`,
    retryable: kind === 'rate-limited' || kind === 'timeout' || kind === 'auth-expired',
  });
}

/** A reference that matched more than one candidate; lists the candidates by id. */
export function ambiguousReference(
  label: string,
  what: string,
  reference: string,
  candidates: readonly string[],
): VaultError {
  return new VaultError(
    label,
    `${what} '${reference}' is ambiguous: ${candidates.length} match (ids: ${candidates.join(', ')}); use an id`,
    { code: 'ONEPASSWORD_AMBIGUOUS' },
  );
}
