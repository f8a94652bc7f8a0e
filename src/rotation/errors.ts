import { CativaKeysError, type CativaKeysErrorOptions, ExitCode } from '../errors.js';
import { type Fingerprint, formatFingerprint } from '../secret.js';
import { commandLine } from './commands.js';

/**
 * Errors of the rotation steps. Each validation failure has its own class, `code` and exit code,
 * so scripts can branch on them. Messages name the key, the location and fingerprints; never a
 * value. Validation errors say what stayed as it was: nothing current changes on a failure.
 */

/** Where a failed validation leaves things, appended to each validation error's message. */
export interface ValidationScene {
  readonly keyName: string;
  readonly key: Fingerprint;
  /** Label of the primary, where the key stays pending. */
  readonly primary: string;
  /** Cativa's correlation id, when the failure comes from a Cativa answer. */
  readonly traceId?: string | undefined;
  /** True when the check ran before anything was staged (the key is not pending). */
  readonly beforeStaging?: boolean;
}

function staysPending(scene: ValidationScene): string {
  if (scene.beforeStaging) return 'nothing was staged and nothing changed';
  return (
    `nothing current changed; the new key stays pending at ${scene.primary} for inspection ` +
    `until \`${commandLine('abort', scene.keyName)}\` discards it`
  );
}

function trace(scene: ValidationScene): string {
  return scene.traceId ? ` (traceId ${scene.traceId})` : '';
}

/** Base of the errors that reject a new key after it was staged. */
export abstract class KeyValidationError extends CativaKeysError {
  readonly keyName: string;
  readonly key: Fingerprint;
  readonly traceId: string | undefined;

  constructor(scene: ValidationScene, what: string, options?: CativaKeysErrorOptions) {
    super(
      `new key ${formatFingerprint(scene.key)} for '${scene.keyName}' ${what}${trace(scene)}; ${staysPending(scene)}`,
      options,
    );
    this.keyName = scene.keyName;
    this.key = scene.key;
    this.traceId = scene.traceId;
  }
}

/** The new key is not in the Cativa key format; it is refused before anything is staged. */
export class MalformedKeyError extends CativaKeysError {
  override readonly name = 'MalformedKeyError';
  readonly code = 'KEY_MALFORMED';
  readonly exitCode = ExitCode.malformedKey;

  /**
   * @param reason what is wrong with the format; it never quotes the candidate.
   * @param pendingAt label of the primary when the key is already pending there (found by a
   * later step); undefined for a candidate refused before staging.
   */
  constructor(keyName: string, reason: string, pendingAt?: string) {
    super(
      pendingAt === undefined
        ? `the new key for '${keyName}' is not a Cativa key: ${reason}; nothing was staged`
        : `the key pending at ${pendingAt} for '${keyName}' is not a Cativa key: ${reason}; ` +
            `nothing current changed: run \`${commandLine('abort', keyName)}\` to discard it`,
    );
  }
}

/** The new key is the key already current at the primary. */
export class SameKeyError extends KeyValidationError {
  override readonly name = 'SameKeyError';
  readonly code = 'KEY_SAME';
  readonly exitCode = ExitCode.sameKey;

  constructor(scene: ValidationScene) {
    super(scene, 'is the key already current: create a new key in the Cativa Console');
  }
}

/** Cativa answered 401: the new key is mistyped, expired or revoked. */
export class KeyRejectedError extends KeyValidationError {
  override readonly name = 'KeyRejectedError';
  readonly code = 'KEY_REJECTED';
  readonly exitCode = ExitCode.keyRejected;

  constructor(scene: ValidationScene) {
    super(scene, 'was rejected by Cativa (401: mistyped, expired or revoked)');
  }
}

/** Cativa answered 403: the new key is valid but lacks permission. */
export class KeyForbiddenError extends KeyValidationError {
  override readonly name = 'KeyForbiddenError';
  readonly code = 'KEY_FORBIDDEN';
  readonly exitCode = ExitCode.keyForbidden;

  constructor(scene: ValidationScene) {
    super(
      scene,
      "lacks permission (Cativa answered 403): check the key's permissions in the Console",
    );
  }
}

/** Cativa says the new key belongs to another tenant than the configured one. */
export class WrongTenantError extends KeyValidationError {
  override readonly name = 'WrongTenantError';
  readonly code = 'KEY_WRONG_TENANT';
  readonly exitCode = ExitCode.wrongTenant;

  constructor(
    scene: ValidationScene,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(scene, `belongs to tenant '${actual}', not the configured tenant '${expected}'`);
  }
}

/** Cativa says the new key belongs to another user id or role than configured. */
export class WrongUserError extends KeyValidationError {
  override readonly name = 'WrongUserError';
  readonly code = 'KEY_WRONG_USER';
  readonly exitCode = ExitCode.wrongUser;

  /** `mismatches` lists each differing field, e.g. `role is 'viewer', expected 'admin'`. */
  constructor(
    scene: ValidationScene,
    readonly mismatches: readonly string[],
  ) {
    super(scene, `belongs to another user than configured: ${mismatches.join('; ')}`);
  }
}

/**
 * Cativa gave no answer about the new key (5xx or 429 after retries, timeout, network, bad body).
 * The rotation stays staged and resumable; nothing was promoted.
 */
export class ValidationUnavailableError extends CativaKeysError {
  override readonly name = 'ValidationUnavailableError';
  readonly code = 'VALIDATION_UNAVAILABLE';
  readonly exitCode = ExitCode.cativaUnavailable;
  override readonly retryable = true;

  constructor(scene: ValidationScene, reason: string, options?: CativaKeysErrorOptions) {
    super(
      `Cativa could not validate the new key ${formatFingerprint(scene.key)} for '${scene.keyName}' ` +
        `(${reason}); nothing current changed and the key stays staged at ${scene.primary}: run ` +
        `\`${commandLine('resume', scene.keyName)}\` when Cativa answers again`,
      options,
    );
  }
}
