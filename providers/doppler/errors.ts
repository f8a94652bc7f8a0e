import { isCativaKeysError, VaultError } from '../../src/errors.js';
import { type DopplerRequestError, isDopplerRequestError } from './request-error.js';

/** Stable codes of the Doppler provider's `VaultError`s. */
export const DopplerErrorCode = {
  noToken: 'DOPPLER_NO_TOKEN',
  badLocation: 'DOPPLER_BAD_LOCATION',
  timeout: 'DOPPLER_TIMEOUT',
  unreachable: 'DOPPLER_UNREACHABLE',
  badResponse: 'DOPPLER_BAD_RESPONSE',
  unauthorized: 'DOPPLER_UNAUTHORIZED',
  forbidden: 'DOPPLER_FORBIDDEN',
  notFound: 'DOPPLER_NOT_FOUND',
  rateLimited: 'DOPPLER_RATE_LIMITED',
  serverError: 'DOPPLER_SERVER_ERROR',
  rejected: 'DOPPLER_REJECTED',
  unusableSecret: 'DOPPLER_UNUSABLE_SECRET',
  writeUnconfirmed: 'DOPPLER_WRITE_UNCONFIRMED',
} as const;
export type DopplerErrorCode = (typeof DopplerErrorCode)[keyof typeof DopplerErrorCode];

function codeOf(error: DopplerRequestError): DopplerErrorCode {
  if (error.kind === 'timeout') return DopplerErrorCode.timeout;
  if (error.kind === 'network') return DopplerErrorCode.unreachable;
  if (error.kind === 'bad-response') return DopplerErrorCode.badResponse;
  switch (error.status) {
    case 401:
      return DopplerErrorCode.unauthorized;
    case 403:
      return DopplerErrorCode.forbidden;
    case 404:
      return DopplerErrorCode.notFound;
    case 429:
      return DopplerErrorCode.rateLimited;
    default:
      return (error.status ?? 0) >= 500 ? DopplerErrorCode.serverError : DopplerErrorCode.rejected;
  }
}

function hintOf(code: DopplerErrorCode, tokenEnv: string): string {
  switch (code) {
    case DopplerErrorCode.unauthorized:
      return `; check ${tokenEnv}: it must hold a valid Doppler token`;
    case DopplerErrorCode.forbidden:
    case DopplerErrorCode.notFound:
      return `; check the project and config names and that the token in ${tokenEnv} has access to them`;
    default:
      return '';
  }
}

/**
 * Turns anything a Doppler call threw into a `VaultError` naming the location and the action:
 * our own errors pass through; request failures keep their kind, status and Doppler's scrubbed
 * messages; anything else (an answer of an unexpected shape) says so without quoting it.
 */
export function toVaultError(
  label: string,
  action: string,
  error: unknown,
  tokenEnv: string,
): Error {
  if (isCativaKeysError(error)) return error;
  if (isDopplerRequestError(error)) {
    const code = codeOf(error);
    return new VaultError(label, `${action} failed: ${error.message}${hintOf(code, tokenEnv)}`, {
      cause: error,
      code,
      retryable: error.retryable,
    });
  }
  const kind =
    (error as { name?: unknown } | null)?.name === 'ZodError'
      ? 'an answer of an unexpected shape'
      : 'an unexpected error';
  // The cause is left out on purpose: a foreign error may quote the answer it choked on.
  return new VaultError(label, `${action} failed: Doppler returned ${kind}`, {
    code: DopplerErrorCode.badResponse,
  });
}
