/**
 * The project's error hierarchy. Every error has a stable `code`, the CLI `exitCode` it maps to
 * and a `retryable` flag. Messages name keys and locations, never values.
 */

/** Exit codes of the CLI, one per outcome a script may want to branch on. */
export const ExitCode = {
  ok: 0,
  /** The audit found something (any status other than `ok`). */
  findings: 1,
  /** Bad flags, bad config file, unknown key name. */
  usage: 2,
  /** A vault could not be read or written. */
  vault: 3,
  /** Cativa could not be reached or answered an unexpected error (5xx, timeout, bad body). */
  cativaUnavailable: 4,
  /** Another rotation holds the pending slot, or a compare-and-set write lost a race. */
  conflict: 5,
  /** An alert channel could not deliver (`watch --once`, the Lambda's summary). */
  alertFailed: 6,
  /** The new key is not in the Cativa key format. */
  malformedKey: 10,
  /** The new key equals the current key. */
  sameKey: 11,
  /** Cativa answered 401 for the new key. */
  keyRejected: 12,
  /** Cativa answered 403 for the new key. */
  keyForbidden: 13,
  /** The new key belongs to another tenant. */
  wrongTenant: 14,
  /** The new key belongs to another user or role than expected. */
  wrongUser: 15,
  /** `retire`: the old key still answers 200, so it has not been revoked yet. */
  notRevoked: 16,
  /** The operation was cancelled by the person at a prompt. */
  cancelled: 130,
  /** A bug: an error that is not one of ours. */
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface CativaKeysErrorOptions {
  cause?: unknown;
}

/** Base class of every error this project throws on purpose. */
export abstract class CativaKeysError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: ExitCode;
  readonly retryable: boolean = false;

  constructor(message: string, options?: CativaKeysErrorOptions) {
    super(message, options);
  }
}

/** Type guard that works across module copies and realms (checks the shape, not the prototype). */
export function isCativaKeysError(error: unknown): error is CativaKeysError {
  return (
    error instanceof Error &&
    typeof (error as Partial<CativaKeysError>).code === 'string' &&
    typeof (error as Partial<CativaKeysError>).exitCode === 'number'
  );
}

/** One problem found in a config file or in flags: the field's path and what was expected. */
export interface FieldIssue {
  /** Dotted path such as `keys[2].locations[0].entry`, or `(root)`. */
  path: string;
  /** What was expected there; never the value found. */
  message: string;
}

/** The config file (or an input from outside) does not match its schema. */
export class ConfigError extends CativaKeysError {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  readonly exitCode = ExitCode.usage;

  constructor(
    readonly source: string,
    readonly issues: readonly FieldIssue[],
    options?: CativaKeysErrorOptions,
  ) {
    super(
      `${source} is invalid:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`,
      options,
    );
  }
}

/** The command line was used wrongly (unknown key, forbidden flag). */
export class UsageError extends CativaKeysError {
  override readonly name = 'UsageError';
  readonly code = 'USAGE';
  readonly exitCode = ExitCode.usage;
}

/** A vault could not be read or written. `location` is the human label of the location. */
export class VaultError extends CativaKeysError {
  override readonly name = 'VaultError';
  readonly code: string;
  readonly exitCode = ExitCode.vault;
  override readonly retryable: boolean;

  constructor(
    readonly location: string,
    message: string,
    options?: CativaKeysErrorOptions & { code?: string; retryable?: boolean; requestId?: string },
  ) {
    super(`${location}: ${message}`, options);
    this.code = options?.code ?? 'VAULT_ERROR';
    this.retryable = options?.retryable ?? false;
    this.requestId = options?.requestId;
  }

  /** The vault's own request id, when it gave one (AWS). */
  readonly requestId: string | undefined;
}

/**
 * A compare-and-set write found something else than expected: another process changed the
 * location, or another rotation holds the pending slot.
 */
export class ConflictError extends CativaKeysError {
  override readonly name = 'ConflictError';
  readonly code = 'CONFLICT';
  readonly exitCode = ExitCode.conflict;

  constructor(
    readonly location: string,
    message: string,
    options?: CativaKeysErrorOptions,
  ) {
    super(`${location}: ${message}`, options);
  }
}

/** The person said no at a prompt. */
export class CancelledError extends CativaKeysError {
  override readonly name = 'CancelledError';
  readonly code = 'CANCELLED';
  readonly exitCode = ExitCode.cancelled;
}

/**
 * Describes any thrown value in one line without risking a secret: our own errors by their
 * message (which never holds one), anything else by its name only, since a foreign message (an
 * SDK's, a parser's) may quote what it failed on.
 */
export function describeError(error: unknown): string {
  if (isCativaKeysError(error)) return error.message;
  if (error instanceof Error) return `unexpected ${error.name}`;
  return 'unexpected error';
}
