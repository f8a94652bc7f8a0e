import { ConflictError, VaultError } from '../../src/errors.js';

/** Stable codes of the AWS provider's vault errors. */
export const AwsErrorCode = {
  notFound: 'AWS_NOT_FOUND',
  accessDenied: 'AWS_ACCESS_DENIED',
  invalidRequest: 'AWS_INVALID_REQUEST',
  throttled: 'AWS_THROTTLED',
  unavailable: 'AWS_UNAVAILABLE',
  /** The SDK could not be configured (no region, no credentials). */
  config: 'AWS_CONFIG',
  /** The secret holds something the tool cannot use (binary, not JSON, field not a string). */
  badValue: 'AWS_BAD_VALUE',
  other: 'AWS_ERROR',
} as const;
export type AwsErrorCode = (typeof AwsErrorCode)[keyof typeof AwsErrorCode];

/** The fields of an SDK v3 service exception the mapping reads. */
interface AwsErrorShape {
  name?: unknown;
  $fault?: unknown;
  $metadata?: { requestId?: unknown; httpStatusCode?: unknown };
}

function shapeOf(error: unknown): AwsErrorShape {
  return typeof error === 'object' && error !== null ? (error as AwsErrorShape) : {};
}

/** The AWS error name (`ResourceNotFoundException`, ...), or undefined for a non-AWS error. */
export function awsErrorName(error: unknown): string | undefined {
  const { name, $metadata } = shapeOf(error);
  return typeof name === 'string' && $metadata !== undefined ? name : undefined;
}

/** The AWS request id of a failed call, when AWS answered. */
export function awsRequestId(error: unknown): string | undefined {
  const id = shapeOf(error).$metadata?.requestId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

const BY_NAME: Record<string, { code: AwsErrorCode; what: string; retryable: boolean }> = {
  ResourceNotFoundException: { code: AwsErrorCode.notFound, what: 'not found', retryable: false },
  AccessDeniedException: {
    code: AwsErrorCode.accessDenied,
    what: 'access denied (check the IAM policy in docs/aws.md)',
    retryable: false,
  },
  InvalidRequestException: {
    code: AwsErrorCode.invalidRequest,
    what: 'refused by AWS (the secret may be scheduled for deletion, or a rotation is in progress)',
    retryable: false,
  },
  ThrottlingException: {
    code: AwsErrorCode.throttled,
    what: 'throttled by AWS after retries',
    retryable: true,
  },
};

/**
 * Maps an SDK failure to the project's errors: a `VaultError` with a stable code, the location's
 * label, the operation and the AWS request id. AWS error messages never hold a secret value, but
 * the SDK can attach the raw response to errors it failed to parse, so only service exceptions
 * are kept as `cause`; other errors are described by name alone.
 */
export function toVaultError(error: unknown, label: string, operation: string): Error {
  if (error instanceof VaultError || error instanceof ConflictError) return error;
  const name = awsErrorName(error);
  const requestId = awsRequestId(error);
  const rid = requestId ? ` (AWS request id ${requestId})` : '';
  if (name === 'ResourceExistsException') {
    return new ConflictError(
      label,
      `${operation}: the version token is already used for another value${rid}; another process wrote here`,
      { cause: error },
    );
  }
  const known = name ? BY_NAME[name] : undefined;
  if (known) {
    return new VaultError(label, `${operation}: ${known.what}${rid}`, {
      code: known.code,
      retryable: known.retryable,
      cause: error,
      ...(requestId ? { requestId } : {}),
    });
  }
  const status = shapeOf(error).$metadata?.httpStatusCode;
  if (
    name &&
    (shapeOf(error).$fault === 'server' || (typeof status === 'number' && status >= 500))
  ) {
    return new VaultError(label, `${operation}: AWS answered ${name} after retries${rid}`, {
      code: AwsErrorCode.unavailable,
      retryable: true,
      cause: error,
      ...(requestId ? { requestId } : {}),
    });
  }
  if (name) {
    return new VaultError(label, `${operation}: AWS answered ${name}${rid}`, {
      code: AwsErrorCode.other,
      cause: error,
      ...(requestId ? { requestId } : {}),
    });
  }
  // Network failures, missing region or credentials: the message is the SDK's or Node's own.
  const message =
    error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'unknown';
  const config = /region|credential/i.test(message);
  return new VaultError(
    label,
    config
      ? `${operation}: the AWS SDK is not configured: ${message}`
      : `${operation}: the AWS call failed: ${message}`,
    {
      code: config ? AwsErrorCode.config : AwsErrorCode.unavailable,
      retryable: !config,
      cause: new Error(message),
    },
  );
}
